"""The call screen recovers by itself: the server is killed under an open screen, the screen
says it is reconnecting, the server comes back on the same data, and the next call appears on
the screen without anyone reloading it."""
import json
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import free_port, register_kiosk, start_server
from test_catalogue import shot

HALL = "ZMJD"
RESIDENT = "440104198803150037"  # GB 11643-valid


def api(base, path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else b"" if token else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_the_call_screen_reconnects_after_the_server_restarts(browser):
    port, data = free_port(), tempfile.mkdtemp(prefix="onedoor-reconnect-")
    proc, passwords = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        browser.switch_to.new_window("tab")
        browser.get(f"{base}/halls/{HALL}/screen")
        live = browser.find_element(By.ID, "live")
        WebDriverWait(browser, 15).until(lambda _: "实时" in live.text)
        # A mark on the page itself: it survives only if the page is never reloaded.
        browser.execute_script("document.body.setAttribute('data-never-reloaded', 'yes')")

        proc.kill()  # as kill -9: no goodbye on the stream
        proc.wait(timeout=30)
        WebDriverWait(browser, 15).until(lambda _: "重新连接" in live.text)
        shot(browser, "screen-reconnecting")

        proc, _ = start_server(data, port, demo=False)
        WebDriverWait(browser, 30).until(lambda _: "实时" in live.text)
        kiosk = register_kiosk(base, passwords, HALL)
        ticket = api(base, f"/api/v1/halls/{HALL}/tickets", {"queue": "social", "documentType": "resident-id", "documentNumber": RESIDENT}, kiosk)
        clerk = api(base, "/api/v1/session", {"username": "zumiao", "password": passwords["zumiao"]})["token"]
        called = api(base, "/api/v1/windows/1/call-next", token=clerk)
        assert called["number"] == ticket["number"]
        latest = browser.find_element(By.ID, "latest")
        WebDriverWait(browser, 15).until(lambda _: ticket["number"] in latest.text)
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-never-reloaded") == "yes"
        shot(browser, "screen-reconnected")
    finally:
        proc.kill()
        proc.wait(timeout=30)
