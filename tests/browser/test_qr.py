"""QR codes made by OneDoor, drawn by Chromium and read back by a real decoder (zbarimg).

The encoder is written in the project (ISO/IEC 18004, byte mode, level M, versions 1-10), so
the only honest test of a whole symbol is an independent reader: each URL is rendered to SVG by
`onedoor qr`, displayed by headless Chromium, photographed, and decoded with zbarimg.
"""
import pathlib
import subprocess
import tempfile

import pytest

from conftest import BINARY

URLS = [
    "http://127.0.0.1:8080/p/1",  # version 2
    "https://onedoor.example.gov.cn/progress/CC2026112200001?code=123456",  # version 4
    "http://127.0.0.1:8080/progress/ZM-20261122-000123?code=654321&lang=zh-CN",  # version 5
    "https://zwfw.chancheng.gov.cn/onedoor/progress/ZM-20261122-000123?code=654321&from=receipt&copy=applicant&lang=zh-CN",  # 7
    "https://zwfw.chancheng.gov.cn/onedoor/progress/" + "x" * 160,  # version 10, near the 213-byte limit
]


@pytest.mark.parametrize("url", URLS)
def test_zbarimg_reads_what_onedoor_draws(browser, url):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="onedoor-qr-"))
    svg = folder / "code.svg"
    subprocess.run([BINARY, "qr", url, "--output", str(svg), "--module-size", "6"], check=True)
    browser.get(svg.as_uri())
    png = folder / "code.png"
    browser.save_screenshot(str(png))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.strip() == url
