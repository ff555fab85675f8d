#!/usr/bin/env bash
# An acknowledged intake survives kill -9: run intake load against the real server, kill -9 it
# mid-load, restart it on the same data, and check that every case number the server answered
# 201 for is there, with its history.
# Usage: bench/kill-intake.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"

start --demo
# The load runs in the background and appends each acknowledged number (response received)
# to a file at once; the server is killed while requests are in flight.
python3 - "$port" "$work" <<'PY' &
import datetime, json, re, sys, threading, time, urllib.request, urllib.error
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
log = open(f"{work}/server.log").read()
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", log, re.M))

def call(path, body=None, token=None, method=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())

_, session = call("/api/v1/session", {"username": "zumiao", "password": passwords["zumiao"]})
token = session["token"]
_, items = call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))
item = next(i for i in items["items"] if i["name"] == "食品经营许可")["code"]
_, guide = call(f"/api/v1/items/{item}")
due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8, days=7)).date().isoformat()
materials = [{"name": m["name"], "received": m["necessity"] != "deferrable", **({"dueDate": due} if m["necessity"] == "deferrable" else {})}
             for m in guide["guide"]["materials"]]
body = {"item": item, "applicant": {"person": {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X"}},
        "materials": materials, "outcome": "accept"}
lock = threading.Lock()
out = open(f"{work}/acknowledged.txt", "a")
open(f"{work}/load-started", "w").close()

def worker():
    while True:
        try:
            status, detail = call("/api/v1/cases", body, token)
        except Exception:
            return  # the server is gone
        if status == 201:
            with lock:
                out.write(detail["case"]["number"] + "\n")
                out.flush()

threads = [threading.Thread(target=worker) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
PY
kill_during_load $!
python3 - "$port" "$work" <<'PY'
import json, re, sys, urllib.request
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))
request = urllib.request.Request(base + "/api/v1/session", data=json.dumps({"username": "jiancha", "password": passwords["jiancha"]}).encode())
request.add_header("Content-Type", "application/json")
token = json.loads(urllib.request.urlopen(request).read())["token"]
acknowledged = open(f"{work}/acknowledged.txt").read().split()
missing = []
for number in acknowledged:
    request = urllib.request.Request(f"{base}/api/v1/cases/{number}")
    request.add_header("Authorization", "Bearer " + token)
    try:
        detail = json.loads(urllib.request.urlopen(request).read())
        assert detail["events"][0]["step"] == "受理", detail["events"]
    except Exception as error:
        missing.append((number, str(error)))
print(f"kill -9 during intake (16 clients): {len(acknowledged)} cases acknowledged before the kill, {len(acknowledged) - len(missing)} present after restart")
if missing or not acknowledged:
    print("FAIL:", missing[:5] or "no case was acknowledged", file=sys.stderr)
    sys.exit(1)
PY
