"""Starts the real server with the demo district and a headless Chromium for the browser tests."""
import os
import pathlib
import re
import socket
import subprocess
import tempfile
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("ONEDOOR_BINARY", str(ROOT / ".build" / "debug" / "onedoor"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


GATEWAY_KEY = "browser-tests-gateway-key"


def start_double(script, *args):
    """Starts one of tests/doubles/ on a free port; returns (process, port)."""
    proc = subprocess.Popen(["python3", str(ROOT / "tests" / "doubles" / script), *args], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("listening "):
        proc.kill()
        raise RuntimeError(f"{script} did not start: {line}")
    return proc, int(line.split()[1])


@pytest.fixture(scope="session")
def sms_gateway():
    """The SMS gateway double (fails every third request): the server sends its SMS here, and
    tests read what a phone received from GET /messages."""
    proc, port = start_double("sms_gateway.py", "--key", GATEWAY_KEY, "--fail-every", "3")
    yield f"http://127.0.0.1:{port}"
    proc.kill()


def start_server(data, port, demo=True, env_extra=None):
    """Starts the platform on `data` and `port`; returns (process, {username: password}) once it
    says it has started (the demo passwords are printed on the first start only)."""
    log = open(os.path.join(data, "server.log"), "a+")
    start = log.tell()
    # Tickets at any hour: CI runs at night and on holidays too (opening hours are unit-tested).
    # The public address is required outside --demo (a restart on the same data runs without it).
    env = dict(os.environ, ONEDOOR_BCRYPT_COST="10", ONEDOOR_IGNORE_OPENING_HOURS="1",
               ONEDOOR_PUBLIC_URL=f"http://127.0.0.1:{port}", **(env_extra or {}))
    proc = subprocess.Popen([BINARY, "serve", *(["--demo"] if demo else []), "--data-dir", data, "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        log.seek(start)
        text = log.read()
        if "OneDoor 已启动" in text:
            return proc, dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", text, re.M))
        if proc.poll() is not None:
            raise RuntimeError("server exited:\n" + text)
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start in time")


"The data directory of the session's server (`onedoor audit verify` reads it, issue 16)."
SERVER_DATA = None

MAIL_USER, MAIL_PASSWORD = "notify@zwfw.example.cn", "browser-mail-pass"


@pytest.fixture(scope="session")
def mail_server():
    """The SMTP double (aiosmtpd: STARTTLS and AUTH required); yields (port, certificate, log of
    received mail as JSON lines)."""
    directory = tempfile.mkdtemp(prefix="onedoor-mail-")
    log = os.path.join(directory, "mail.jsonl")
    proc, port = start_double("smtp_server.py", "--cert-dir", directory, "--user", MAIL_USER, "--password", MAIL_PASSWORD, "--log", log)
    yield port, os.path.join(directory, "cert.pem"), log
    proc.kill()


PROVINCE_USER = ("pb1", "赵六", "440106198503151233", "13955556666")


@pytest.fixture(scope="session")
def province():
    """The provincial identity provider double, registered for the server's port chosen here;
    yields (issuer, server port)."""
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    proc, provider_port = start_double("oidc_provider.py", "--client-id", "onedoor", "--client-secret", "browser-province-secret",
                                       "--redirect-uri", site + "/citizen/oidc/callback", "--post-logout-uri", site + "/citizen/login",
                                       "--user", ":".join(PROVINCE_USER))
    yield f"http://127.0.0.1:{provider_port}", port
    proc.kill()


@pytest.fixture(scope="session")
def server(sms_gateway, mail_server, province):
    """The platform on a fresh data directory, its SMS through the gateway double, its e-mail
    through the SMTP double (retries within a second) and the province's sign-in through the
    OpenID provider double; yields (base URL, {username: password})."""
    global SERVER_DATA
    issuer, port = province
    data = tempfile.mkdtemp(prefix="onedoor-browser-")
    SERVER_DATA = data
    mail_port, certificate, _ = mail_server
    proc, passwords = start_server(data, port, env_extra={
        "ONEDOOR_OIDC_ISSUER": issuer, "ONEDOOR_OIDC_CLIENT_ID": "onedoor", "ONEDOOR_OIDC_CLIENT_SECRET": "browser-province-secret",
        "ONEDOOR_SMS_URL": sms_gateway + "/sms", "ONEDOOR_SMS_KEY": GATEWAY_KEY, "ONEDOOR_SMS_SIGNATURE": "禅城政务",
        "ONEDOOR_SMTP_HOST": "localhost", "ONEDOOR_SMTP_PORT": str(mail_port), "ONEDOOR_SMTP_USER": MAIL_USER,
        "ONEDOOR_SMTP_PASSWORD": MAIL_PASSWORD, "ONEDOOR_SMTP_CA_FILE": certificate, "ONEDOOR_MAIL_FROM": MAIL_USER,
        "ONEDOOR_RETRY_BACKOFF": "1", "ONEDOOR_QUIET_HOURS": "off"})
    yield f"http://127.0.0.1:{port}", passwords
    proc.terminate()
    proc.wait(timeout=30)


def notification_env(sms_gateway, mail_server):
    """The server's SMS through the gateway double and e-mail through the SMTP double."""
    mail_port, certificate, _ = mail_server
    return {"ONEDOOR_SMS_URL": sms_gateway + "/sms", "ONEDOOR_SMS_KEY": GATEWAY_KEY, "ONEDOOR_SMS_SIGNATURE": "禅城政务",
            "ONEDOOR_SMTP_HOST": "localhost", "ONEDOOR_SMTP_PORT": str(mail_port), "ONEDOOR_SMTP_USER": MAIL_USER,
            "ONEDOOR_SMTP_PASSWORD": MAIL_PASSWORD, "ONEDOOR_SMTP_CA_FILE": certificate, "ONEDOOR_MAIL_FROM": MAIL_USER,
            "ONEDOOR_RETRY_BACKOFF": "1", "ONEDOOR_QUIET_HOURS": "off"}


@pytest.fixture(scope="session")
def pg_server(sms_gateway, mail_server):
    """The platform with the demo district on PostgreSQL (a fresh schema of the cluster CI starts,
    ONEDOOR_TEST_POSTGRES_URL), notifications as for `server`; yields (base URL, {username: password})."""
    url = os.environ.get("ONEDOOR_TEST_POSTGRES_URL")
    if not url:
        yield None
        return
    schema = f"browser_{os.getpid()}"
    subprocess.run(["psql", url, "-qc", f"CREATE SCHEMA {schema}"], check=True)
    data = tempfile.mkdtemp(prefix="onedoor-browser-pg-")
    port = free_port()
    proc, passwords = start_server(data, port, env_extra={**notification_env(sms_gateway, mail_server),
                                                          "ONEDOOR_DATABASE_URL": f"{url}?schema={schema}"})
    yield f"http://127.0.0.1:{port}", passwords
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(params=["sqlite", "postgres"])
def any_server(request, server, pg_server):
    """The test once on each database: (database name, base URL, passwords). Both servers are
    asked for here, not looked up by name, so that each lives for the whole session."""
    if request.param == "postgres" and pg_server is None:
        pytest.skip("ONEDOOR_TEST_POSTGRES_URL is not set (CI sets it)")
    base, passwords = server if request.param == "sqlite" else pg_server
    return request.param, base, passwords


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def register_kiosk(base, passwords, hall):
    """A kiosk registered to `hall` by the demo administrator; returns its device token."""
    import json
    import urllib.request

    def call(path, body, token=None):
        request = urllib.request.Request(base + path, data=json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    admin = call("/api/v1/session", {"username": "admin", "password": passwords["admin"]})["token"]
    return call(f"/api/v1/halls/{hall}/kiosks", {"name": "浏览器测试取号机"}, admin)["token"]
