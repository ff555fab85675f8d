#!/usr/bin/env python3
"""The mail server for the notification tests (issue 15 §5, ADR 0023): aiosmtpd, a maintained
SMTP server from PyPI, on loopback, as strict as a submission server in production:

- (unless --plain) STARTTLS required before anything else (a self-signed certificate for localhost and
  127.0.0.1, written to --cert-dir/cert.pem for the client to trust);
- AUTH required (PLAIN or LOGIN, over TLS only) with --user and --password;
- recipients at the domain "nobody.invalid" refused with 550 (a mailbox that does not exist);
- each accepted message decoded (RFC 2047 subject, base64 UTF-8 body) and appended as a JSON
  line to --log (fsynced) with its Message-ID, and counted as a duplicate if that Message-ID
  came before, as mail clients collapse them.

Prints "listening <port>" on its first line of output.
"""
import argparse
import asyncio
import email
import email.header
import email.policy
import json
import os
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificate(directory):
    os.makedirs(directory, exist_ok=True)
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True)
    return cert, key


class Mailbox:
    def __init__(self, log):
        self.log = log
        self.seen = set()
        if os.path.exists(log):
            with open(log, encoding="utf-8") as f:
                for line in f:
                    self.seen.add(json.loads(line)["messageId"])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@nobody.invalid"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message_id = message["Message-ID"]
        record = {
            "messageId": message_id,
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["Subject"]),
            "body": message.get_content(),
            "tls": session.ssl is not None,
            "user": (session.auth_data or b"").decode() if isinstance(session.auth_data, bytes) else str(session.auth_data),
            "duplicate": message_id in self.seen,
        }
        self.seen.add(message_id)
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data=auth_data.login)
        return AuthResult(success=False, handled=False)
    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert-dir", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--plain", action="store_true", help="no STARTTLS and no AUTH: a server a client must refuse to log in to")
    args = parser.parse_args()
    cert, key = make_certificate(args.cert_dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox(args.log)
    loop = asyncio.get_running_loop()
    if args.plain:
        factory = lambda: SMTP(mailbox, hostname="localhost")
    else:
        factory = lambda: SMTP(mailbox, hostname="localhost", require_starttls=True, tls_context=context, auth_required=True,
                               auth_require_tls=True, authenticator=authenticator(args.user, args.password))
    server = await loop.create_server(factory, "127.0.0.1", args.port)
    print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
