#!/usr/bin/env bash
# Thumbnails for the pre-reviewer (ADR 0031) over HTTP on the real server: a citizen uploads
# phone photographs (4000 × 3000 JPEG, about 4 MB) and A4 scans at 300 dpi (2480 × 3508 PNG);
# the district hall's clerk asks for each thumbnail twice. Figures: the first request (decode,
# scale, encode) per kind, the second (from the cache), the thumbnails' size, and the server's
# resident memory before and after. The photograph is written with libjpeg by a few lines of C
# compiled here (cc, libjpeg-dev), the scan by Python's zlib.
# Usage: bench/thumbnails.sh [images of each kind, default 8]; PROFILE=release (default) or debug.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-8}
profile=${PROFILE:-release}
swift build -c "$profile" --product onedoor >/dev/null
work=$(mktemp -d /tmp/onedoor-thumbnails-bench.XXXXXX)
trap 'kill -9 $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/photo.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
/* A 4000 x 3000 "photograph": smooth gradients with noise, quality 90. */
int main(int argc, char **argv) {
    struct jpeg_compress_struct c; struct jpeg_error_mgr e;
    FILE *f = fopen(argv[1], "wb"); int w = 4000, h = 3000;
    c.err = jpeg_std_error(&e); jpeg_create_compress(&c); jpeg_stdio_dest(&c, f);
    c.image_width = w; c.image_height = h; c.input_components = 3; c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c); jpeg_set_quality(&c, 90, TRUE); jpeg_start_compress(&c, TRUE);
    unsigned char *row = malloc(w * 3); srand(7);
    while (c.next_scanline < (unsigned)h) {
        int y = c.next_scanline;
        for (int x = 0; x < w; x++) { int n = rand() % 24;
            row[x*3] = (x * 255 / w + n) & 255; row[x*3+1] = (y * 255 / h + n) & 255; row[x*3+2] = ((x + y) / 30 + n) & 255; }
        JSAMPROW r = row; jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c); fclose(f); return 0;
}
C
cc -O2 -o "$work/photo" "$work/photo.c" -ljpeg && "$work/photo" "$work/photo.jpg"
python3 - "$work/scan.png" <<'PY'
import struct, sys, zlib
# An A4 page at 300 dpi: white with lines of "text" (grey bars), as a scanner saves it.
w, h = 2480, 3508
rows = bytearray()
for y in range(h):
    ink = 300 <= y < 3300 and (y // 12) % 5 == 0
    rows += b"\x00" + (bytes([60, 60, 60]) * (w - 400) if ink else b"\xff\xff\xff" * (w - 400)).join([b"\xff\xff\xff" * 200, b"\xff\xff\xff" * 200])
def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))
PY
python3 tests/doubles/sms_gateway.py --key thumbnails-bench-key --fail-every 0 >"$work/gateway.out" 2>&1 &
echo $! >"$work/gateway.pid"
for _ in $(seq 1 100); do grep -q listening "$work/gateway.out" && break; sleep 0.1; done
gateway=$(awk '/listening/ {print $2}' "$work/gateway.out")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_CITIZEN_CODE_LIMIT=100000000 ONEDOOR_PERSONAL_READ_LIMIT=1000000 \
    ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" ONEDOOR_SMS_URL="http://127.0.0.1:$gateway/sms" ONEDOOR_SMS_KEY=thumbnails-bench-key \
    ONEDOOR_SMS_SIGNATURE=禅城政务 ".build/$profile/onedoor" serve --demo --data-dir "$work/data" --port "$port" >"$work/server.log" 2>&1 &
echo $! >"$work/server.pid"
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && grep -q "已启动" "$work/server.log" && break; sleep 0.1; done
PYTHONPATH=bench python3 - "$port" "$gateway" "$count" "$work" "$(cat "$work/server.pid")" <<'PY'
import os, re, statistics, sys, time, urllib.request
import online
port, gateway, count, work, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
base = f"http://127.0.0.1:{port}"
def rss(): return int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1)) / 1024
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))
token = online.citizens(base, f"http://127.0.0.1:{gateway}", 1)[0]
item = online.item_code(base)
photo, scan = open(f"{work}/photo.jpg", "rb").read(), open(f"{work}/scan.png", "rb").read()
files = []  # (kind, application, file id)
for n in range(count):
    status, application = online.call(base, "/api/v1/applications", {"item": item, "key": f"thumbs-{n}"}, token)
    id = application["id"]
    for index, (kind, data, extension) in enumerate([("jpeg", photo, "jpg"), ("png", scan, "png")]):
        # A different file each time (bytes after the image's end): each thumbnail is made anew.
        status, stored = online.call(base, f"/api/v1/applications/{id}/materials/{index}/files?name=p{n}.{extension}",
                                     raw=data + os.urandom(16), token=token)
        assert status == 201, (status, stored)
        files.append((kind, id, stored["id"]))
    for index in range(2, 6):  # the item's other materials: a page of PDF each (no thumbnail)
        online.call(base, f"/api/v1/applications/{id}/materials/{index}/files?name=m{index}.pdf", raw=b"%PDF-1.7\n" + os.urandom(64), token=token)
    online.call(base, f"/api/v1/applications/{id}/delivery", {"method": "electronic"}, token, method="PUT")
    answer = online.call(base, f"/api/v1/applications/{id}/submission", {"key": f"thumbs-submit-{n}"}, token)
    assert answer[0] == 200, answer
# The clerk's browser: the staff pages take a cookie session from the sign-in form.
import http.cookiejar, urllib.parse
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
form = browser.open(base + "/login").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
browser.open(base + "/login", urllib.parse.urlencode({"_csrf": csrf, "username": "chuangkou", "password": passwords["chuangkou"]}).encode())
def get(path):
    start = time.perf_counter()
    with browser.open(base + path, timeout=60) as response:
        body = response.read()
        assert response.headers["Content-Type"] == "image/jpeg" and body[:2] == b"\xff\xd8", (response.status, response.headers["Content-Type"], body[:200])
    return (time.perf_counter() - start) * 1000, len(body)
before = rss()
cold, warm, sizes = {"jpeg": [], "png": []}, {"jpeg": [], "png": []}, {"jpeg": [], "png": []}
for kind, id, file in files:
    ms, size = get(f"/pre-reviews/{id}/files/{file}/thumbnail")
    cold[kind].append(ms); sizes[kind].append(size)
    warm[kind].append(get(f"/pre-reviews/{id}/files/{file}/thumbnail")[0])
after = rss()
for kind, label in [("jpeg", f"photo 4000×3000 JPEG ({len(photo) / 1e6:.1f} MB)"), ("png", f"A4 scan 2480×3508 PNG ({len(scan) / 1e3:.0f} KB)")]:
    print(f"thumbnail of a {label}: first {statistics.median(cold[kind]):.0f} ms (median of {count}, max {max(cold[kind]):.0f}), "
          f"cached {statistics.median(warm[kind]):.1f} ms, {statistics.mean(sizes[kind]) / 1e3:.1f} KB")
print(f"server resident memory {before:.1f} → {after:.1f} MB across {2 * count} thumbnails")
PY
