#!/usr/bin/env bash
# The audit and access logs' hash chains from the command line (issue 16 §4), on SQLite or, given
# a URL, PostgreSQL: a demo server writes entries (sign-ins, a case taken at a window and viewed),
# its sealer seals them; after it stops, `onedoor audit verify` passes; then one audit entry is
# altered in the database itself, and the verification must fail naming that entry's id.
# Usage: bench/audit-tamper.sh [postgres://…]
source "$(dirname "$0")/kill-lib.sh"
start --demo
base="http://127.0.0.1:$port"
python3 - "$base" "$work/server.log" <<'PY'
import json, re, sys, urllib.parse, urllib.request
base, log = sys.argv[1], sys.argv[2]
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(log).read(), re.M))
def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method="GET" if body is None else "POST")
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(request).read())
clerk = call("/api/v1/session", {"username": "chuangkou", "password": passwords["chuangkou"]})["token"]
item = next(i for i in call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))["items"] if i["name"] == "食品经营许可")["code"]
guide = call(f"/api/v1/items/{item}")["guide"]
materials = [{"name": m["name"], "received": True, "pages": 2} for m in guide["materials"]]
number = call("/api/v1/cases", {"item": item, "window": "1", "materials": materials, "outcome": "accept", "applicant": {"person": {
    "name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X", "phone": "13800138000"}}}, clerk)["case"]["number"]
call(f"/api/v1/cases/{number}", None, clerk)
PY
sleep 3  # the sealer runs every 2 s
kill "$(cat "$work/pid")"; while kill -0 "$(cat "$work/pid")" 2>/dev/null; do sleep 0.1; done
verify_args=(--data-dir "$work/data")
if [ -n "${1:-}" ]; then verify_args+=(--database-url "$1?schema=$schema"); fi
"$bin" audit verify "${verify_args[@]}" | tee "$work/verify-1.txt"
grep -q "审计日志：[0-9]* 条完整" "$work/verify-1.txt"
# Alter the detail of the fifth entry of the audit chain, in the database itself.
if [ -n "${1:-}" ]; then
    victim=$(psql "$1" -Atqc "SET search_path TO $schema; UPDATE audit_log SET detail = detail || '（改）' WHERE chain_seq = 5 RETURNING id" | tail -1)
else
    victim=$(python3 - "$work/data/onedoor.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(victim,) = db.execute("SELECT id FROM audit_log WHERE chain_seq = 5").fetchone()
db.execute("UPDATE audit_log SET detail = detail || '（改）' WHERE id = ?", (victim,))
db.commit()
print(victim)
PY
)
fi
set +e
"$bin" audit verify "${verify_args[@]}" | tee "$work/verify-2.txt"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 1 ] || { echo "verification did not fail after entry $victim was altered (exit $status)" >&2; exit 1; }
grep -q "（id $victim）被改动" "$work/verify-2.txt" || { echo "verification did not name entry $victim" >&2; exit 1; }
echo "altered audit entry id $victim: named by onedoor audit verify"
