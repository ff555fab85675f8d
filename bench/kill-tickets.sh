#!/usr/bin/env bash
# Acknowledged tickets and calls survive kill -9: kiosks issue tickets and windows call them
# against the real server, the server is killed mid-load and restarted on the same data, and
# every ticket the server answered 201 for must be there, every acknowledged call must have
# left its ticket called, and the day's statistics (computed from the ticket events) must count
# at least as many arrivals and calls as were acknowledged.
# Usage: bench/kill-tickets.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"

start --demo
python3 - "$port" "$work" <<'PY' &
import json, re, sys, threading, urllib.request
port, work = sys.argv[1], sys.argv[2]
base, hall = f"http://127.0.0.1:{port}", "CCZX"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))

def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else b"" if token else None)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())

clerk = call("/api/v1/session", {"username": "chuangkou", "password": passwords["chuangkou"]})[1]["token"]
admin = call("/api/v1/session", {"username": "admin", "password": passwords["admin"]})[1]["token"]
# Tickets come from registered kiosks only; their device tokens outlive the restart.
kiosk_tokens = [call(f"/api/v1/halls/{hall}/kiosks", {"name": f"压测取号机 {k}"}, admin)[1]["token"] for k in range(8)]
windows = [w["number"] for h in call("/api/v1/halls?pageSize=100")[1]["items"] if h["hall"]["code"] == hall for w in h["windows"]]
queues = [q["code"] for q in call(f"/api/v1/halls/{hall}/queues")[1]["queues"]]
weights, checks = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], "10X98765432"
def resident_id(n):  # a valid GB 11643 number per person, so no one meets the real-name limits
    body = "44%04d19800101%03d" % (n // 1000 % 10000, n % 1000)
    return body + checks[sum(int(c) * w for c, w in zip(body, weights)) % 11]
lock = threading.Lock()
out = open(f"{work}/acknowledged.txt", "a")
open(f"{work}/load-started", "w").close()

def record(kind, ticket):
    with lock:
        out.write(f"{kind} {ticket}\n")
        out.flush()

def kiosk(k):
    n = k
    while True:
        try:
            status, ticket = call(f"/api/v1/halls/{hall}/tickets", {"queue": queues[n % len(queues)], "documentType": "resident-id", "documentNumber": resident_id(n)},
                                  token=kiosk_tokens[k])
        except Exception:
            return  # the server is gone
        if status == 201: record("issued", ticket["id"])
        n += 8

def window(number):
    while True:
        try:
            status, ticket = call(f"/api/v1/windows/{number}/call-next", token=clerk)
        except urllib.error.HTTPError as error:
            if error.code == 404: continue  # nobody waiting yet
            return
        except Exception:
            return
        if status == 200: record("called", ticket["id"])

threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(8)] + [threading.Thread(target=window, args=(w,)) for w in windows[:4]]
for t in threads: t.start()
for t in threads: t.join()
PY
kill_during_load $!
python3 - "$port" "$work" <<'PY'
import datetime, json, re, sys, urllib.request
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))
request = urllib.request.Request(base + "/api/v1/session", data=json.dumps({"username": "jiancha", "password": passwords["jiancha"]}).encode())
request.add_header("Content-Type", "application/json")
token = json.loads(urllib.request.urlopen(request).read())["token"]
lines = [line.split() for line in open(f"{work}/acknowledged.txt").read().splitlines()]
issued = [t for kind, t in lines if kind == "issued"]
called = {t for kind, t in lines if kind == "called"}
problems = []
for ticket in issued + sorted(called - set(issued)):
    try:
        state = json.loads(urllib.request.urlopen(f"{base}/api/v1/tickets/{ticket}").read())["state"]
        if ticket in called and state == "waiting": problems.append((ticket, "called, but waiting after restart"))
    except Exception as error:
        problems.append((ticket, str(error)))
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
request = urllib.request.Request(f"{base}/api/v1/halls/CCZX/queue-statistics?from={today}&to={today}")
request.add_header("Authorization", "Bearer " + token)
total = json.loads(urllib.request.urlopen(request).read())["total"]
if total["arrived"] < len(issued): problems.append(("statistics", f"{total['arrived']} arrivals counted, {len(issued)} acknowledged"))
if total["called"] < len(called): problems.append(("statistics", f"{total['called']} calls counted, {len(called)} acknowledged"))
print(f"kill -9 during ticket issue and calling (8 kiosks, 4 windows): {len(issued)} tickets and {len(called)} calls acknowledged before the kill; "
      f"after restart {len(issued) + len(called - set(issued)) - len([p for p in problems if p[0] != 'statistics'])} tickets as acknowledged, "
      f"statistics count {total['arrived']} arrivals and {total['called']} calls")
if problems or not issued or not called:
    print("FAIL:", problems[:5] or "nothing was acknowledged", file=sys.stderr)
    sys.exit(1)
PY
