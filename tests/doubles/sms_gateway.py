#!/usr/bin/env python3
"""The SMS gateway double (issue 15 §5, ADR 0023): a real HTTP server on loopback that takes
the requests OneDoor's HTTPSMSGateway sends, the way a provider would.

- checks each request's HMAC signature (401 when wrong) and its JSON;
- fails every Nth request (default 3) with 503 before looking at it, as a flaky provider does;
- takes a number starting 1999 as 空号: 400 with {"permanent": true};
- delivers each idempotency key once: a repeated key is answered 200 with the first id and
  counted as a duplicate, not delivered again;
- GET /messages answers what it delivered and its counters as JSON; GET /healthz answers ok;
- with --log FILE, appends each delivered message to FILE as a JSON line (fsynced), so a
  test can read what arrived even if it restarts the double.

Prints "listening <port>" on its first line of output. Standard library only.
"""
import argparse
import asyncio
import hashlib
import hmac
import json
import os
import sys


class Gateway:
    def __init__(self, key, fail_every, log):
        self.key = key.encode()
        self.fail_every = fail_every
        self.log = open(log, "a", encoding="utf-8") if log else None
        self.delivered = {}  # idempotency key -> message
        self.order = []
        self.requests = 0
        self.failed = 0
        self.duplicates = 0
        self.bad_signatures = 0

    def send(self, headers, body):
        self.requests += 1
        if self.fail_every and self.requests % self.fail_every == 0:
            self.failed += 1
            return 503, {"reason": "网关繁忙，请稍后重试"}
        timestamp = headers.get("x-onedoor-timestamp", "")
        expected = hmac.new(self.key, timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("x-onedoor-signature", "")):
            self.bad_signatures += 1
            return 401, {"reason": "签名错误"}
        try:
            message = json.loads(body)
            key = headers["idempotency-key"]
            assert key == message["id"] and message["to"] and message["text"] and message["sign"]
        except Exception:
            return 422, {"reason": "请求格式错误", "permanent": True}
        if key in self.delivered:
            self.duplicates += 1
            return 200, {"id": self.delivered[key]["ref"], "duplicate": True}
        if message["to"].startswith("1999"):
            return 400, {"reason": "空号", "permanent": True}
        message["ref"] = "gw-%d" % (len(self.order) + 1)
        self.delivered[key] = message
        self.order.append(key)
        if self.log:
            self.log.write(json.dumps(message, ensure_ascii=False) + "\n")
            self.log.flush()
            os.fsync(self.log.fileno())
        return 200, {"id": message["ref"]}

    def summary(self):
        return {
            "messages": [self.delivered[k] for k in self.order],
            "requests": self.requests,
            "failed": self.failed,
            "duplicates": self.duplicates,
            "badSignatures": self.bad_signatures,
        }


async def handle(gateway, reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            method, path, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                h = await reader.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                name, _, value = h.decode("utf-8").partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            body = await reader.readexactly(length) if length else b""
            if method == "POST" and path == "/sms":
                status, answer = gateway.send(headers, body)
            elif method == "GET" and path == "/messages":
                status, answer = 200, gateway.summary()
            elif method == "GET" and path == "/healthz":
                status, answer = 200, {"status": "ok"}
            else:
                status, answer = 404, {"reason": "not found"}
            data = json.dumps(answer, ensure_ascii=False).encode()
            reasons = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 422: "Unprocessable", 503: "Unavailable"}
            writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                         % (status, reasons.get(status, "X").encode(), len(data)) + data)
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                break
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--key", required=True)
    parser.add_argument("--fail-every", type=int, default=3)
    parser.add_argument("--log")
    args = parser.parse_args()
    gateway = Gateway(args.key, args.fail_every, args.log)
    server = await asyncio.start_server(lambda r, w: handle(gateway, r, w), "127.0.0.1", args.port)
    print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
