#!/usr/bin/env bash
# What live streams cost a change (issue 13 §1.7): the server's CPU time per ticket issued, with
# no call screens open and with N streams open on the hall (default 300, the cap of a hall, from distinct client
# addresses through a trusted proxy header, as a hall full of phones would be). Each change is
# computed once and the same bytes go to every stream, so the cost should grow with the bytes
# written, not with N recomputations. Usage: bench/streams.sh [N] [tickets]
set -euo pipefail
cd "$(dirname "$0")/.."
streams=${1:-300}
tickets=${2:-200}
bin=${ONEDOOR_BINARY:-$(pwd)/.build/release/onedoor}
[ -x "$bin" ] || bin=$(pwd)/.build/debug/onedoor
data=$(mktemp -d /tmp/onedoor-bench-streams.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_IGNORE_OPENING_HOURS=1 ONEDOOR_KIOSK_LIMIT=100000000 ONEDOOR_TRUSTED_PROXIES=127.0.0.1 \
    "$bin" serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && grep -q "已启动" "$data/server.log" && break; sleep 0.2; done
echo "$(basename "$bin" | sed 's/onedoor//')$( [[ $bin == *release* ]] && echo release || echo debug) build, $streams streams, $tickets tickets" >&2
python3 - "$port" "$data" "$server" "$streams" "$tickets" <<'PY'
import json, os, re, socket, sys, threading, time, urllib.request
port, data, pid, streams, tickets = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{data}/server.log").read(), re.M))
kiosk = re.search(r"(kiosk_[A-Za-z0-9_-]+)", open(f"{data}/server.log").read()).group(1)
def cpu():  # the server's user + system time, in seconds
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
weights, checks = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], "10X98765432"
def resident(n):
    body = "44%04d19800101%03d" % (n // 1000 % 10000, n % 1000)
    return body + checks[sum(int(c) * w for c, w in zip(body, weights)) % 11]
counter = [0]
def issue(count):
    for _ in range(count):
        counter[0] += 1
        request = urllib.request.Request(base + "/api/v1/halls/CCZX/tickets", method="POST",
            data=json.dumps({"queue": "social", "documentType": "resident-id", "documentNumber": resident(counter[0])}).encode())
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", "Bearer " + kiosk)
        urllib.request.urlopen(request, timeout=10).read()
def measure(label):
    issue(20)  # warm up
    time.sleep(1)
    before, start = cpu(), time.time()
    issue(tickets)
    time.sleep(1)  # let the streams' writes finish
    spent = cpu() - before
    print(f"{label:<28} {spent * 1000 / tickets:7.2f} ms of server CPU a ticket ({tickets / (time.time() - start):.0f} tickets/s)", file=sys.stderr)
measure("no streams")
sockets = []
for n in range(streams):
    s = socket.create_connection(("127.0.0.1", int(port)))
    s.sendall(f"GET /halls/CCZX/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 10.9.{n // 250}.{n % 250 + 1}\r\n\r\n".encode())
    sockets.append(s)
def drain(s):
    try:
        while s.recv(65536): pass
    except OSError: pass
for s in sockets: threading.Thread(target=drain, args=(s,), daemon=True).start()
time.sleep(2)
measure(f"{streams} streams open")
refused = socket.create_connection(("127.0.0.1", int(port)))
refused.sendall(b"GET /halls/CCZX/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 10.200.0.1\r\n\r\n")
print("one more stream past the hall's cap:", refused.recv(200).split(b"\r\n")[0].decode(), file=sys.stderr)
PY
