#!/usr/bin/env bash
# Every message arrives exactly once, across kill -9 (issue 15 §5, ADR 0022/0023): the real
# server sends through the SMS gateway double (fails every third request, delivers each
# idempotency key once) and aiosmtpd (STARTTLS + AUTH). A load of intakes, each telling the
# applicant by SMS and e-mail, runs while the server is killed with kill -9 and restarted on the
# same data; then every acknowledged case must have had its SMS delivered once and its e-mail
# received (resends after the kill keep their Message-ID and are counted).
# Usage: bench/kill-dispatch.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"
pip show aiosmtpd >/dev/null 2>&1 || python3 -m pip install -q -r tests/doubles/requirements.txt

# The two doubles, on ports of their own; they live through the server's kill.
key="kill-dispatch-gateway-key-$$"
python3 tests/doubles/sms_gateway.py --key "$key" --fail-every 3 >"$work/gateway.out" 2>&1 &
echo $! >"$work/gateway.pid"
python3 tests/doubles/smtp_server.py --cert-dir "$work/smtp" --user notify@zwfw.example.cn --password smtp-pass-$$ \
    --log "$work/mail.jsonl" >"$work/smtp.out" 2>&1 &
echo $! >"$work/smtp.pid"
trap 'kill -9 $(cat "$work/pid" "$work/gateway.pid" "$work/smtp.pid" 2>/dev/null) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for f in gateway smtp; do
    for _ in $(seq 1 100); do grep -q listening "$work/$f.out" 2>/dev/null && break; sleep 0.1; done
done
gateway_port=$(awk '/listening/ {print $2}' "$work/gateway.out")
smtp_port=$(awk '/listening/ {print $2}' "$work/smtp.out")
export ONEDOOR_SMS_URL="http://127.0.0.1:$gateway_port/sms" ONEDOOR_SMS_KEY="$key" ONEDOOR_SMS_SIGNATURE="禅城政务"
export ONEDOOR_SMTP_HOST=localhost ONEDOOR_SMTP_PORT="$smtp_port" ONEDOOR_SMTP_USER=notify@zwfw.example.cn ONEDOOR_SMTP_PASSWORD="smtp-pass-$$"
export ONEDOOR_SMTP_CA_FILE="$work/smtp/cert.pem" ONEDOOR_MAIL_FROM=notify@zwfw.example.cn ONEDOOR_MAIL_FROM_NAME="禅城区政务服务中心"
# Any hour of the day, and retries within seconds, so the check does not wait for the morning.
export ONEDOOR_QUIET_HOURS=off ONEDOOR_RETRY_BACKOFF=1,1,2,2,3

start --demo
python3 - "$port" "$work" <<'PY' &
import datetime, json, re, sys, threading, urllib.request, urllib.parse
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))

def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())

_, session = call("/api/v1/session", {"username": "zumiao", "password": passwords["zumiao"]})
token = session["token"]
_, items = call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))
item = next(i for i in items["items"] if i["name"] == "食品经营许可")["code"]
_, guide = call(f"/api/v1/items/{item}")
# Every material received: a 容缺 one would also write a reminder that waits days in the outbox.
materials = [{"name": m["name"], "received": True} for m in guide["guide"]["materials"]]
lock = threading.Lock()
out = open(f"{work}/acknowledged.txt", "a")
counter = iter(range(1, 10**6))
open(f"{work}/load-started", "w").close()

def worker():
    while True:
        with lock: n = next(counter)
        person = {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X",
                  "phone": "139%08d" % n, "email": "applicant%d@example.cn" % n}
        try:
            status, detail = call("/api/v1/cases", {"item": item, "applicant": {"person": person}, "materials": materials, "outcome": "accept"}, token)
        except Exception:
            return  # the server is gone
        if status == 201:
            with lock:
                out.write("%s %s %s\n" % (detail["case"]["number"], person["phone"], person["email"]))
                out.flush()

threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
PY
kill_during_load $!
python3 - "$port" "$work" "$gateway_port" <<'PY'
import json, re, sys, time, urllib.request
port, work, gateway_port = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))
request = urllib.request.Request(base + "/api/v1/session", data=json.dumps({"username": "admin", "password": passwords["admin"]}).encode())
request.add_header("Content-Type", "application/json")
token = json.loads(urllib.request.urlopen(request).read())["token"]

def queued():
    request = urllib.request.Request(base + "/api/v1/outbox?state=queued&pageSize=1")
    request.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(request).read())["total"]

# The claims of the killed server run out after 60 s; then its messages go again.
deadline = time.time() + 150
while queued() > 0 and time.time() < deadline:
    time.sleep(1)
left = queued()
acknowledged = [line.split() for line in open(f"{work}/acknowledged.txt")]
gateway = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{gateway_port}/messages").read())
sms = {}
for m in gateway["messages"]:
    sms.setdefault(m["id"], []).append(m)
mail = [json.loads(line) for line in open(f"{work}/mail.jsonl")]
mail_by_to = {}
for m in mail:
    mail_by_to.setdefault(m["to"][0], []).append(m)
problems = []
for number, phone, email in acknowledged:
    got = sms.get(f"case:{number}:accept:1:sms", [])
    if len(got) != 1 or got[0]["to"] != phone:
        problems.append(f"{number}: {len(got)} SMS")
    letters = mail_by_to.get(email, [])
    if len({m["messageId"] for m in letters}) != 1 or number not in letters[0]["subject"]:
        problems.append(f"{number}: e-mail {[m['subject'] for m in letters]}")
resent_mail = sum(1 for m in mail if m["duplicate"])
print(f"kill -9 during dispatch: {len(acknowledged)} cases acknowledged; {len(gateway['messages'])} SMS delivered once each "
      f"({gateway['requests']} gateway requests, {gateway['failed']} refused by the double, {gateway['duplicates']} resent keys not delivered again); "
      f"{len(mail)} e-mails received, {resent_mail} of them resent after the kill with the same Message-ID; {left} still queued")
if problems or not acknowledged or left:
    print("FAIL:", problems[:5] or ("nothing acknowledged" if not acknowledged else f"{left} messages still queued"), file=sys.stderr)
    sys.exit(1)
PY
