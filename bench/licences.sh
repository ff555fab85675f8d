#!/usr/bin/env bash
# Licence verification over HTTP (issue 16: >= 0.5 × /healthz in the same run). A demo server
# (release build, SQLite by default or PostgreSQL given a URL) concludes one 食品经营许可 case
# through the API, which issues its signed licence; then wrk, for the same time and connections,
# against /healthz, the verification API and the public verification page. Each verification
# reads the register (licence and latest status) and checks two Ed25519 signatures unless the
# same tokens with the same status were checked before (LicenceService's cache by content hash).
# Prints requests/s of each, the ratio to /healthz, and the server's CPU time a request.
# Usage: bench/licences.sh [seconds, default 10] [connections, default 32] [postgres://…]
# Needs wrk (apt-get install wrk). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
pg=${3:-}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
data=$(mktemp -d /tmp/onedoor-bench-licences.XXXXXX)
chmod 755 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
args=(--demo --data-dir "$data" --port "$port")
if [ -n "$pg" ]; then
    schema="bench_licences_$$"
    psql "$pg" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$pg?schema=$schema")
fi
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_PERSONAL_READ_LIMIT=1000000000 "$bin" serve "${args[@]}" >"$data/server.log" 2>&1 &
server=$!
cleanup() {
    kill $server 2>/dev/null; wait $server 2>/dev/null || true
    if [ -n "$pg" ]; then psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && grep -q "已启动" "$data/server.log" && break; sleep 0.2; done
base="http://127.0.0.1:$port"

identifier=$(python3 - "$base" "$data" <<'PY'
import json, re, sys, urllib.parse, urllib.request
base, data = sys.argv[1], sys.argv[2]
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{data}/server.log").read(), re.M))
def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method="GET" if body is None else "POST")
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(request).read())
tokens = {u: call("/api/v1/session", {"username": u, "password": passwords[u]})["token"] for u in ["chuangkou", "chengban", "shenhe", "shichang"]}
item = next(i for i in call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))["items"] if i["name"] == "食品经营许可")["code"]
guide = call(f"/api/v1/items/{item}")["guide"]
materials = [{"name": m["name"], "received": True, "pages": 2} for m in guide["materials"]]
number = call("/api/v1/cases", {"item": item, "window": "1", "materials": materials, "outcome": "accept", "applicant": {"enterprise": {
    "name": "佛山市禅城区某某餐饮有限公司", "uscc": "91440604M03000017F", "legalRepresentative": "张三", "phone": "13800138000"}}}, tokens["chuangkou"])["case"]["number"]
for action, user, body in [("undertake", "chengban", {"opinion": "拟准予"}), ("review", "shenhe", {"opinion": "同意"}),
                           ("decide", "shichang", {"granted": True, "opinion": "准予许可"}),
                           ("conclude", "chengban", {"opinion": "已制证", "licence": {"fields": {
                               "operator": "佛山市禅城区某某餐饮有限公司", "legalRepresentative": "张三", "address": "佛山市禅城区祖庙路 1 号",
                               "mainBusiness": "餐饮服务经营者（小型餐馆）", "items": "热食类食品制售"}}})]:
    call(f"/api/v1/cases/{number}/actions/{action}", body, tokens[user])
licences = call("/api/v1/departments/SCJG/licences", None, tokens["chengban"])["items"]
print(licences[0]["licence"]["identifier"])
PY
)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
echo "release build, ${duration}s each, wrk 2 threads × $connections connections, $( [ -n "$pg" ] && echo PostgreSQL || echo SQLite ), licence $identifier" >&2
measure() {
    curl -sf "$base$1" >/dev/null || { echo "$1 does not answer 200" >&2; exit 1; }
    wrk -t2 -c"$connections" -d2s "$base$1" >/dev/null
    local before after out rps
    before=$(cpu)
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$base$1")
    after=$(cpu)
    rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    echo "$rps $p99 $(( after - before ))"
}
read -r health health_p99 health_cpu < <(measure /healthz)
read -r api api_p99 api_cpu < <(measure "/api/v1/licences/$identifier/verification")
read -r page page_p99 page_cpu < <(measure "/licences/$identifier")
python3 - "$duration" "$ticks" "$health" "$health_p99" "$health_cpu" "$api" "$api_p99" "$api_cpu" "$page" "$page_p99" "$page_cpu" <<'PY'
import sys
duration, ticks = float(sys.argv[1]), int(sys.argv[2])
rows = [("/healthz", *sys.argv[3:6]), ("verification API", *sys.argv[6:9]), ("verification page", *sys.argv[9:12])]
health = float(rows[0][1])
for name, rps, p99, cpu in rows:
    rps = float(rps)
    cpu_us = int(cpu) / ticks * 1e6 / max(rps * duration, 1)
    print(f"{name}: {rps:,.0f} req/s ({rps / health:.2f} × /healthz), p99 {p99}, server CPU {cpu_us:.0f} µs a request")
if float(rows[1][1]) < 0.5 * health: sys.exit("verification below 0.5 × /healthz")
PY
