#!/usr/bin/env bash
# Two OneDoor servers on one PostgreSQL database behave as one (issue 14 §2, ADR 0017):
#  1. a ticket called through server A shows on a call screen connected to server B within 1 s;
#  2. a queue change made on A is seen by B at once, and so is a catalogue change;
#  3. kill -9 of A while windows call on both servers: no acknowledged call is lost and no
#     ticket is given to two windows.
# Usage: bench/two-servers.sh postgres://…   (prints the figures; exits non-zero on a failure)
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
url=${1:?usage: bench/two-servers.sh postgres://…}
swift build --product onedoor >/dev/null
bin=$(pwd)/.build/debug/onedoor
work=$(mktemp -d /tmp/onedoor-two-servers.XXXXXX)
trap 'kill -9 $(cat "$work"/pid-* 2>/dev/null) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
schema="two_servers_$$"
psql "$url" -qc "CREATE SCHEMA $schema" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_a=$(free_port); port_b=$(free_port)

start() {  # name port [flags…]
    local name=$1 port=$2; shift 2
    ONEDOOR_BCRYPT_COST=4 ONEDOOR_IGNORE_OPENING_HOURS=1 ONEDOOR_KIOSK_LIMIT=1000000 ONEDOOR_PERSONAL_READ_LIMIT=1000000 \
    ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" "$bin" serve --data-dir "$work/data-$name" --port "$port" \
        --database-url "$url?schema=$schema" "$@" >>"$work/server-$name.log" 2>&1 &
    echo $! >"$work/pid-$name"
    for _ in $(seq 1 300); do
        curl -fs -m 2 "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && grep -q "已启动" "$work/server-$name.log" && return 0
        sleep 0.1
    done
    echo "server $name did not start" >&2; cat "$work/server-$name.log" >&2; exit 1
}

start a "$port_a" --demo   # seeds the demo district and prints its one-time passwords
start b "$port_b"

python3 - "$port_a" "$port_b" "$work" <<'PY'
import http.client, json, os, re, signal, statistics, sys, threading, time, urllib.error, urllib.request
port_a, port_b, work = sys.argv[1], sys.argv[2], sys.argv[3]
A, B, hall = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}", "CCZX"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server-a.log").read(), re.M))
failures = []

def call(base, path, body=None, token=None, method=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")

def token(base, user):
    return call(base, "/api/v1/session", {"username": user, "password": passwords[user]})[1]["token"]

admin, clerk = token(A, "admin"), token(A, "chuangkou")
kiosk = call(A, f"/api/v1/halls/{hall}/kiosks", {"name": "双服务器测试取号机"}, admin)[1]["token"]
windows = [w["number"] for h in call(A, "/api/v1/halls?pageSize=100")[1]["items"] if h["hall"]["code"] == hall for w in h["windows"]]
queues = [q["code"] for q in call(A, f"/api/v1/halls/{hall}/queues")[1]["queues"]]
weights, checks = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], "10X98765432"
def resident_id(n):
    body = "44%04d19800101%03d" % (n // 1000 % 10000, n % 1000)
    return body + checks[sum(int(c) * w for c, w in zip(body, weights)) % 11]
serial = [0]
def issue(base, queue):
    serial[0] += 1
    return call(base, f"/api/v1/halls/{hall}/tickets", {"queue": queue, "documentType": "resident-id", "documentNumber": resident_id(serial[0])}, kiosk)[1]

# 1. A call made through A reaches a call screen streaming from B.
class Screen(threading.Thread):
    """Reads B's server-sent events; keeps each update with the time it arrived."""
    def __init__(self):
        super().__init__(daemon=True)
        self.updates, self.lock = [], threading.Condition()
    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", int(port_b), timeout=30)
        connection.request("GET", f"/halls/{hall}/events")
        response = connection.getresponse()
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("data:"):
                with self.lock:
                    self.updates.append((time.monotonic(), json.loads(line[5:])))
                    self.lock.notify_all()
    def wait_for(self, number, window, since, timeout):
        deadline = since + timeout
        with self.lock:
            while True:
                for at, update in self.updates:
                    if at >= since and update["calls"] and update["calls"][0]["number"] == number and update["calls"][0]["window"] == window:
                        return at - since
                left = deadline - time.monotonic()
                if left <= 0: return None
                self.lock.wait(left)

screen = Screen(); screen.start()
time.sleep(0.5)
latencies = []
for i in range(20):
    for queue in queues: issue(A, queue)  # whichever queues the window calls from
    window = windows[i % len(windows)]
    sent = time.monotonic()
    status, called = call(A, f"/api/v1/windows/{window}/call-next", method="POST", token=clerk)
    seen = screen.wait_for(called["number"], window, sent, 1.0)
    if seen is None: failures.append(f"call {called['number']} at window {window} through A did not reach B's screen within 1 s")
    else: latencies.append(seen * 1000)
if latencies:
    print(f"call on A → B's call screen: {len(latencies)}/20 within 1 s, median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms")

# 2. A queue change on A and a catalogue change on A are seen by B.
def seen_by_b(check, limit=1.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if check(): return (time.monotonic() - start) * 1000
        time.sleep(0.005)
    return None
call(B, f"/api/v1/halls/{hall}/queues")  # B has the configuration cached
queue = call(A, f"/api/v1/halls/{hall}/queues")[1]["queues"][1]
renamed = queue["name"] + "（改）"
call(A, f"/api/v1/halls/{hall}/queues/{queue['code']}", {"name": renamed, "prefix": queue["prefix"]}, admin, method="PUT")
ms = seen_by_b(lambda: any(q["name"] == renamed for q in call(B, f"/api/v1/halls/{hall}/queues")[1]["queues"]))
if ms is None: failures.append("a queue renamed on A was not seen by B within 1 s")
else: print(f"queue renamed on A → seen by B after {ms:.1f} ms")
item = call(B, "/api/v1/items?pageSize=1")[1]["items"][0]["code"]
call(A, f"/api/v1/items/{item}/suspend", None, admin, method="POST")
ms = seen_by_b(lambda: call(B, f"/api/v1/items/{item}")[1]["status"] == "suspended")
if ms is None: failures.append("an item suspended on A was still shown as published by B after 1 s")
else: print(f"item suspended on A → shown as suspended by B after {ms:.1f} ms")

# 3. kill -9 of A while windows call on both.
for n in range(400): issue(B, queues[n % len(queues)])
acknowledged, lock, stop = [], threading.Lock(), threading.Event()
def window_loop(base, window):
    while not stop.is_set():
        try:
            status, ticket = call(base, f"/api/v1/windows/{window}/call-next", method="POST", token=clerk, timeout=5)
        except urllib.error.HTTPError as error:
            if error.code == 404: time.sleep(0.01); continue
            if base == A: return
            continue
        except Exception:
            if base == A: return  # A is gone
            continue
        with lock: acknowledged.append((ticket["id"], window, "A" if base == A else "B"))
half = len(windows) // 2
threads = [threading.Thread(target=window_loop, args=(A, w)) for w in windows[:half]] + \
          [threading.Thread(target=window_loop, args=(B, w)) for w in windows[half:]]
for t in threads: t.start()
time.sleep(2.5)
os.kill(int(open(f"{work}/pid-a").read()), signal.SIGKILL)
time.sleep(1.5)
stop.set()
for t in threads: t.join()
by_ticket = {}
for ticket, window, server in acknowledged: by_ticket.setdefault(ticket, set()).add(window)
twice = {t: w for t, w in by_ticket.items() if len(w) > 1}
if twice: failures.append(f"{len(twice)} tickets given to two windows: {list(twice.items())[:3]}")
lost = []
for ticket, window, server in acknowledged:
    state = call(B, f"/api/v1/tickets/{ticket}")[1]
    if state["state"] == "waiting" or state.get("window") != window: lost.append((ticket, window, state["state"], state.get("window")))
if lost: failures.append(f"{len(lost)} acknowledged calls not as acknowledged after the kill: {lost[:3]}")
on_a = sum(1 for a in acknowledged if a[2] == "A"); on_b = len(acknowledged) - on_a
print(f"kill -9 of A while {len(windows)} windows call on both: {on_a} calls acknowledged by A, {on_b} by B; "
      f"{len(lost)} lost, {len(twice)} tickets at two windows")
if on_a == 0 or on_b == 0: failures.append("a server acknowledged no calls: the check proved nothing")
if failures:
    for f in failures: print("FAIL:", f, file=sys.stderr)
    sys.exit(1)
PY
