#!/usr/bin/env bash
# Acknowledged ratings and complaints survive kill -9 (issue 18): window evaluators rate the
# visits just finished at their windows (差评 too, each opening its rectification) and a clerk
# records complaints taken at the desk, against the real server; it is killed mid-load and
# restarted on the same data, and every rating the evaluator thanked for must be there with
# its rectification when it was a 差评, and every complaint answered 201 must be there with its
# number.
# Usage: bench/kill-ratings.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"

start --demo
python3 - "$port" "$work" <<'PY' &
import json, re, sys, threading, urllib.parse, urllib.request, urllib.error
port, work = sys.argv[1], sys.argv[2]
base, hall = f"http://127.0.0.1:{port}", "CCZX"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))

def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else b"" if token else None)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())

def form(path, fields, cookie=None):
    request = urllib.request.Request(base + path, data=urllib.parse.urlencode(fields).encode())
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie: request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request, timeout=10) as response:
        return response.status, response.headers, response.read().decode()

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None

clerk = call("/api/v1/session", {"username": "chuangkou", "password": passwords["chuangkou"]})[1]["token"]
admin = call("/api/v1/session", {"username": "admin", "password": passwords["admin"]})[1]["token"]
kiosk = call(f"/api/v1/halls/{hall}/kiosks", {"name": "压测取号机"}, admin)[1]["token"]
# The evaluators: one device of the hall, registered like a kiosk (its cookie).
device_token = call(f"/api/v1/halls/{hall}/kiosks", {"name": "压测评价器"}, admin)[1]["token"]
try:
    _, headers, _ = form(f"/halls/{hall}/kiosk/register", {"token": device_token})
except urllib.error.HTTPError as redirect:
    headers = redirect.headers
device = headers["Set-Cookie"].split(";")[0]
windows = [w["number"] for h in call("/api/v1/halls?pageSize=100")[1]["items"] if h["hall"]["code"] == hall for w in h["windows"]][:4]
weights, checks = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], "10X98765432"
def resident_id(n):
    body = "44%04d19800101%03d" % (n // 1000 % 10000, n % 1000)
    return body + checks[sum(int(c) * w for c, w in zip(body, weights)) % 11]
queues = [q["code"] for q in call(f"/api/v1/halls/{hall}/queues")[1]["queues"]]
lock = threading.Lock()
out = open(f"{work}/acknowledged.txt", "a")
open(f"{work}/load-started", "w").close()

def record(kind, key):
    with lock:
        out.write(f"{kind} {key}\n")
        out.flush()

def evaluator(k, number):
    n = 5000 + k
    while True:
        try:
            call(f"/api/v1/halls/{hall}/tickets", {"queue": queues[0], "documentType": "resident-id", "documentNumber": resident_id(n)}, token=kiosk)
            n += 8
            status, ticket = call(f"/api/v1/windows/{number}/call-next", token=clerk)
            for action in ("start", "finish"):
                call(f"/api/v1/tickets/{ticket['id']}/actions/{action}", {"window": number}, token=clerk)
            level = "2" if n % 3 == 0 else "5"
            status, _, page = form(f"/halls/{hall}/windows/{number}/evaluator", {"ticket": ticket["id"], "level": level, "reason": "slow"}, device)
            if status == 200 and "谢谢您的评价" in page: record("rated" if level == "5" else "negative", ticket["id"])
        except urllib.error.HTTPError:
            continue
        except Exception:
            return  # the server is gone

def desk():
    n = 0
    while True:
        try:
            status, complaint = call("/api/v1/complaints", {"kind": "complaint", "channel": "desk", "category": "attitude", "content": f"窗口服务态度生硬（压测 {n}）",
                                                            "name": "张三", "phone": "13800138000", "hall": hall}, token=clerk)
        except urllib.error.HTTPError:
            continue
        except Exception:
            return
        if status == 201: record("complaint", complaint["number"])
        n += 1

threads = [threading.Thread(target=evaluator, args=(k, w)) for k, w in enumerate(windows)] + [threading.Thread(target=desk) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
PY
kill_during_load $!
# What the restarted server's database holds, read directly (what was acknowledged must be there).
if [ -n "${schema:-}" ]; then
    query() { psql "$1" -At -c "SET search_path TO $schema; $2" | sed '/^SET$/d'; }
    db="$1"
else
    query() { python3 -c "import sqlite3, sys; [print(*row, sep='|') for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" "$1" "$2"; }
    db="$work/data/onedoor.sqlite"
fi
query "$db" "SELECT r.service_id, COALESCE(x.state, '') FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id WHERE r.service_kind = 'ticket' AND r.service_id NOT LIKE 'hist%'" >"$work/ratings.txt"
query "$db" "SELECT number FROM complaints" >"$work/complaints.txt"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
lines = [line.split() for line in open(f"{work}/acknowledged.txt").read().splitlines()]
stored = dict(line.split("|") for line in open(f"{work}/ratings.txt").read().splitlines() if line)
complaints = set(open(f"{work}/complaints.txt").read().split())
rated = [t for kind, t in lines if kind in ("rated", "negative")]
negative = [t for kind, t in lines if kind == "negative"]
filed = [n for kind, n in lines if kind == "complaint"]
problems = [(t, "rating lost") for t in rated if t not in stored]
problems += [(t, "差评 without its rectification") for t in negative if stored.get(t) != "verifying"]
problems += [(n, "complaint lost") for n in filed if n not in complaints]
print(f"kill -9 during ratings and complaints (4 evaluators, 2 desks): {len(rated)} ratings ({len(negative)} 差评) and {len(filed)} complaints acknowledged "
      f"before the kill; after restart {len(rated) - len([p for p in problems if p[1] != 'complaint lost'])} ratings with their rectifications and "
      f"{len(filed) - len([p for p in problems if p[1] == 'complaint lost'])} complaints found")
if problems or not rated or not negative or not filed:
    print("FAIL:", problems[:5] or "nothing was acknowledged", file=sys.stderr)
    sys.exit(1)
PY
