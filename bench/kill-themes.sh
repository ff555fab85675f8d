#!/usr/bin/env bash
# A concluded prerequisite never leaves behind a child that should have started (issue 17 §2):
# 企业注销 theme cases wait with 企业注销登记 for two departments' children; 8 clients conclude
# those children in any order while the server is killed with kill -9; after a restart on the
# same data, every theme whose two prerequisites are concluded has started its waiting child,
# every theme with one still open keeps it waiting, and every acknowledged conclusion is there.
# Usage: bench/kill-themes.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"

start --demo
python3 - "$port" "$work" <<'PY'
import json, re, sys, urllib.error, urllib.request
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))

def call(path, body=None, token=None, method=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")

admin = call("/api/v1/session", {"username": "admin", "password": passwords["admin"]})[1]["token"]
# Limits may run into next year, whose holidays may not be loaded: a placeholder, for this check only.
year = call("/api/v1/calendar/years")[1]["items"][-1]["year"] + 1
call(f"/api/v1/calendar/years/{year}", {"year": year, "source": "测试占位", "holidays": [f"{year}-01-01"], "workdays": []}, admin, "PUT")
people = {}
for department, prefix in (("SWJ", "shuiwu"), ("SBJ", "shebao")):
    people[department] = []
    for i in (1, 2, 3):
        name = f"{prefix}{i}"
        assert call("/api/v1/accounts", {"username": name, "displayName": name, "staffNumber": f"{prefix.upper()}{i}", "role": "approver",
                                         "department": department, "password": "initial-pass-1234"}, admin)[0] == 201
        first = call("/api/v1/session", {"username": name, "password": "initial-pass-1234"})[1]["token"]
        assert call("/api/v1/session/password", {"currentPassword": "initial-pass-1234", "newPassword": "own-pass-5678"}, first, "PUT")[0] == 204
        people[department].append(call("/api/v1/session", {"username": name, "password": "own-pass-5678"})[1]["token"])
clerk = call("/api/v1/session", {"username": "zumiao", "password": passwords["zumiao"]})[1]["token"]
theme = call("/api/v1/themes/YJS005")[1]
materials = [{"name": m["name"], "received": True} for m in theme["materials"] if m["items"]]
alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
tasks = []
for n in range(300):
    first17 = f"91440604MA4U{n:05d}"
    uscc = first17 + alphabet[(31 - sum(alphabet.index(c) * w for c, w in zip(first17, weights)) % 31) % 31]
    status, created = call("/api/v1/theme-cases", {"theme": "YJS005", "materials": materials,
                                                    "applicant": {"enterprise": {"name": f"佛山市禅城区测试{n}有限公司", "uscc": uscc, "legalRepresentative": "张三"}}}, clerk)
    assert status == 201, created
    for child in created["children"][:2]:
        who = people[child["department"]]
        for action, token, body in (("undertake", who[0], {"opinion": "拟准予"}), ("review", who[1], {"opinion": "同意"}),
                                    ("decide", who[2], {"granted": True, "opinion": "准予"})):
            assert call(f"/api/v1/cases/{child['number']}/actions/{action}", body, token)[0] == 200
        tasks.append((created["number"], child["number"], who[2]))
json.dump(tasks, open(f"{work}/tasks.json", "w"))
print(f"prepared {len(tasks) // 2} 企业注销 theme cases, each with two prerequisites decided")
PY
# The load: 8 clients conclude the prerequisites in an order mixing themes; each acknowledged
# conclusion is written down at once.
python3 - "$port" "$work" <<'PY' &
import json, random, sys, threading, urllib.request
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
tasks = json.load(open(f"{work}/tasks.json"))
random.shuffle(tasks)
lock = threading.Lock()
out = open(f"{work}/acknowledged.txt", "a")
open(f"{work}/load-started", "w").close()
def worker():
    while True:
        with lock:
            if not tasks: return
            theme, number, token = tasks.pop()
        request = urllib.request.Request(f"{base}/api/v1/cases/{number}/actions/conclude", data=json.dumps({"opinion": "办结"}).encode())
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                if response.status == 200:
                    with lock:
                        out.write(number + "\n")
                        out.flush()
        except Exception:
            return  # the server is gone
        threading.Event().wait(0.05)  # spread over the kill
threads = [threading.Thread(target=worker) for _ in range(8)]
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
acknowledged = set(open(f"{work}/acknowledged.txt").read().split())
themes = sorted({theme for theme, _, _ in json.load(open(f"{work}/tasks.json"))})
problems, started, waiting, seen = [], 0, 0, set()
for number in themes:
    request = urllib.request.Request(f"{base}/api/v1/theme-cases/{number}")
    request.add_header("Authorization", "Bearer " + token)
    detail = json.loads(urllib.request.urlopen(request).read())
    first, second, last = detail["children"]
    for child in (first, second):
        if child["state"] == "concluded": seen.add(child["number"])
    both = first["state"] == "concluded" and second["state"] == "concluded"
    if both and last["state"] != "accepted":
        problems.append(f"{number}: both prerequisites concluded, 企业注销登记 {last['state']}")
    if not both and last["state"] != "waiting":
        problems.append(f"{number}: a prerequisite open, 企业注销登记 {last['state']}")
    started += both
    waiting += not both
lost = acknowledged - seen
print(f"kill -9 while concluding prerequisites (8 clients): {len(acknowledged)} conclusions acknowledged, {len(lost)} lost; "
      f"{started} themes started their waiting child, {waiting} still wait, {len(problems)} wrong")
if problems or lost or not acknowledged or started == 0:
    print("FAIL:", problems[:5], sorted(lost)[:5], file=sys.stderr)
    sys.exit(1)
PY
