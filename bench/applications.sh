#!/usr/bin/env bash
# Online applications over HTTP (issue 15's goal: 100 applications a second, each with three 1 MB
# uploads, on SQLite): the real server, citizens signed in through the SMS gateway double, then
# over keep-alive connections each application is started, its three materials uploaded (1 MB
# each, through the API's streamed binary upload), its delivery chosen and it is submitted.
# Figures: applications a second end to end, MB uploaded a second, and the server's resident
# memory before and after one 20 MB upload through the same path (goal: under 5 MB more).
# Usage: bench/applications.sh [applications, default 600] [connections, default 16]
# PROFILE=release (default) or debug.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-600}
connections=${2:-16}
profile=${PROFILE:-release}
swift build -c "$profile" --product onedoor >/dev/null
work=$(mktemp -d /tmp/onedoor-applications-bench.XXXXXX)
trap 'kill -9 $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
python3 tests/doubles/sms_gateway.py --key applications-bench-key --fail-every 0 >"$work/gateway.out" 2>&1 &
echo $! >"$work/gateway.pid"
for _ in $(seq 1 100); do grep -q listening "$work/gateway.out" && break; sleep 0.1; done
gateway=$(awk '/listening/ {print $2}' "$work/gateway.out")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_CITIZEN_CODE_LIMIT=100000000 ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" \
    ONEDOOR_SMS_URL="http://127.0.0.1:$gateway/sms" ONEDOOR_SMS_KEY=applications-bench-key ONEDOOR_SMS_SIGNATURE=禅城政务 \
    ".build/$profile/onedoor" serve --demo --data-dir "$work/data" --port "$port" >"$work/server.log" 2>&1 &
echo $! >"$work/server.pid"
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && grep -q "已启动" "$work/server.log" && break; sleep 0.1; done
PYTHONPATH=bench python3 - "$port" "$gateway" "$count" "$connections" "$(cat "$work/server.pid")" <<'PY'
import asyncio, json, os, sys, time
import online
port, gateway, count, connections, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
base = f"http://127.0.0.1:{port}"
tokens = online.citizens(base, f"http://127.0.0.1:{gateway}", connections)
item = online.item_code(base)
megabyte = b"%PDF-1.7\n" + os.urandom((1 << 20) - 9)

async def request(reader, writer, method, path, token, body, content_type):
    writer.write(b"%s %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
                 % (method, path.encode(), token.encode(), content_type, len(body)))
    writer.write(body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"): length = int(line.split(b":")[1])
    return status, await reader.readexactly(length)

async def citizen(token, share, w):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    done = 0
    for n in range(share):
        status, answer = await request(reader, writer, b"POST", "/api/v1/applications", token,
                                       json.dumps({"item": item, "key": f"bench-{w}-{n}"}).encode(), b"application/json")
        assert status == 201, answer
        id = json.loads(answer)["id"]
        for index in range(3):
            # Each upload its own content (content-addressed storage would keep one copy of equal bytes).
            body = megabyte[:-16] + os.urandom(16)
            status, answer = await request(reader, writer, b"POST", f"/api/v1/applications/{id}/materials/{index}/files?name=m{index}.pdf",
                                           token, body, b"application/octet-stream")
            assert status == 201, answer
        status, answer = await request(reader, writer, b"PUT", f"/api/v1/applications/{id}/delivery", token, b'{"method":"electronic"}', b"application/json")
        assert status == 200, answer
        status, answer = await request(reader, writer, b"POST", f"/api/v1/applications/{id}/submission", token,
                                       json.dumps({"key": f"submit-{w}-{n}"}).encode(), b"application/json")
        assert status == 200, answer
        done += 1
    writer.close()
    return done

async def main():
    share = count // connections
    started = time.perf_counter()
    done = sum(await asyncio.gather(*(citizen(tokens[w], share, w) for w in range(connections))))
    return done, time.perf_counter() - started

done, seconds = asyncio.run(main())
print(f"online applications (start, 3 × 1 MB uploads, delivery, submit), {connections} citizens at once: {done} in {seconds:.2f} s = "
      f"{done / seconds:.0f} applications/s, {3 * done / seconds:.0f} MB/s uploaded")

def rss():
    return int(next(l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")).split()[1])
status, application = online.call(base, "/api/v1/applications", {"item": item}, tokens[0])
big = b"%PDF-1.7\n" + os.urandom(20 * (1 << 20) - 9 - 1024)
before = rss()
started = time.perf_counter()
status, answer = online.call(base, f"/api/v1/applications/{application['id']}/materials/0/files?name=big.pdf", raw=big, token=tokens[0], timeout=120)
assert status == 201, answer
print(f"one {len(big) / (1 << 20):.1f} MB upload through the API: {time.perf_counter() - started:.2f} s, server memory {before / 1024:.1f} MB → "
      f"{rss() / 1024:.1f} MB ({(rss() - before) / 1024:+.1f} MB)")
PY
