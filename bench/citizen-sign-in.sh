#!/usr/bin/env bash
# Citizens' sign-in by code over HTTP (issue 15's goal: 500 sign-ins a second on SQLite): the
# real server sends its SMS to the gateway double; a client asks for codes for N phones, reads
# the codes the double received, then signs each phone in. Figures: codes asked per second,
# sign-ins per second, and the pair (ask + sign in) per second over both phases.
# Usage: bench/citizen-sign-in.sh [phones, default 3000] [connections, default 32]
# PROFILE=release (default) or debug.
set -euo pipefail
cd "$(dirname "$0")/.."
phones=${1:-3000}
connections=${2:-32}
profile=${PROFILE:-release}
swift build -c "$profile" --product onedoor >/dev/null
work=$(mktemp -d /tmp/onedoor-citizen-bench.XXXXXX)
trap 'kill -9 $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
python3 tests/doubles/sms_gateway.py --key citizen-bench-key-0123 --fail-every 0 >"$work/gateway.out" 2>&1 &
echo $! >"$work/gateway.pid"
for _ in $(seq 1 100); do grep -q listening "$work/gateway.out" && break; sleep 0.1; done
gateway=$(awk '/listening/ {print $2}' "$work/gateway.out")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_CITIZEN_CODE_LIMIT=100000000 ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" \
    ONEDOOR_SMS_URL="http://127.0.0.1:$gateway/sms" ONEDOOR_SMS_KEY=citizen-bench-key-0123 ONEDOOR_SMS_SIGNATURE=禅城政务 \
    ".build/$profile/onedoor" serve --data-dir "$work/data" --port "$port" >"$work/server.log" 2>&1 &
echo $! >"$work/server.pid"
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$gateway" "$phones" "$connections" <<'PY'
import asyncio, json, sys, time, urllib.request
port, gateway, phones, connections = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
numbers = ["137%08d" % n for n in range(phones)]

async def post_all(path, bodies):
    """POSTs each body on `connections` keep-alive connections; returns (statuses, seconds)."""
    queue = list(enumerate(bodies))
    statuses = [0] * len(bodies)
    async def worker():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            i, body = queue.pop()
            data = json.dumps(body).encode()
            writer.write(b"POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (path.encode(), len(data)) + data)
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"): length = int(line.split(b":")[1])
            await reader.readexactly(length)
            statuses[i] = status
        writer.close()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return statuses, time.perf_counter() - started

asked, ask_seconds = asyncio.run(post_all("/api/v1/citizen/codes", [{"phone": n} for n in numbers]))
assert all(s == 202 for s in asked), sorted(set(asked))
deadline = time.time() + 60
while True:
    delivered = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{gateway}/messages").read())["messages"]
    if len(delivered) >= phones or time.time() > deadline: break
    time.sleep(0.2)
codes = {m["to"]: "".join(c for c in m["text"] if c.isdigit())[:6] for m in delivered}
assert len(codes) == phones, f"{len(codes)} codes delivered of {phones}"
signed, sign_seconds = asyncio.run(post_all("/api/v1/citizen/session", [{"phone": n, "code": codes[n]} for n in numbers]))
assert all(s == 201 for s in signed), sorted(set(signed))
print(f"codes asked: {phones / ask_seconds:.0f}/s; sign-ins: {phones / sign_seconds:.0f}/s; "
      f"ask + sign in: {phones / (ask_seconds + sign_seconds):.0f} pairs/s ({phones} phones, {connections} connections, SQLite)")
PY
