#!/usr/bin/env bash
# The whole life of a case over HTTP (issue 14 §3): each wrk connection (one per thread) walks
# its own case through the six durable steps — 受理 (clerk), 承办, 审核, 决定 (three people of
# the department, the last its chief representative), 办结 (which issues the signed 食品经营许可证),
# 送达 — and starts the next.
# Prints cases/s, steps/s, the p99 of a step, the server's CPU time per step, and next to them
# the database's own durable-commit rate measured in the same run (SQLite: `onedoor bench
# commits` on the same disk; PostgreSQL: pgbench, one single-row insert per transaction, at the
# same number of clients).
# Usage: bench/lifecycle.sh [seconds, default 10] [connections, default 16] [postgres://… to use PostgreSQL]
# With PROFILE=FILE, the server is sampled with `perf record -e cpu-clock -g` during the run
# (read it with `perf report -i FILE --no-children`).
# Needs wrk (apt-get install wrk), and pgbench for PostgreSQL. Release build, demo district.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-16}
pg=${3:-}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
data=$(mktemp -d /tmp/onedoor-bench-lifecycle.XXXXXX)
chmod 755 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
args=(--demo --data-dir "$data" --port "$port")
if [ -n "$pg" ]; then
    schema="bench_lifecycle_$$"
    psql "$pg" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$pg?schema=$schema")
fi
# Every answer to an action carries the case, which counts as a read of personal data: one
# account walking thousands of cases a minute is the load test, not someone browsing the register.
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_PERSONAL_READ_LIMIT=1000000000 \
    "$bin" serve "${args[@]}" >"$data/server.log" 2>&1 &
server=$!
cleanup() {
    kill $server 2>/dev/null; wait $server 2>/dev/null || true
    if [ -n "$pg" ]; then psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && grep -q "已启动" "$data/server.log" && break; sleep 0.2; done
base="http://127.0.0.1:$port"

python3 - "$base" "$data" <<'PY'
import json, re, sys, urllib.parse, urllib.request
base, data = sys.argv[1], sys.argv[2]
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{data}/server.log").read(), re.M))
def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(request).read())
tokens = {u: call("/api/v1/session", {"username": u, "password": passwords[u]})["token"] for u in ["chuangkou", "chengban", "shenhe", "shichang"]}
item = next(i for i in call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))["items"] if i["name"] == "食品经营许可")["code"]
guide = call(f"/api/v1/items/{item}")["guide"]
materials = [{"name": m["name"], "received": True, "pages": 2} for m in guide["materials"]]
intake = {"item": item, "applicant": {"person": {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X", "phone": "13800138000"}},
          "window": "1", "materials": materials, "outcome": "accept"}
conclude = {"opinion": "已制证", "licence": {"holderCode": "HOLDER", "holderName": "佛山市禅城区某某餐饮有限公司", "fields": {
    "operator": "佛山市禅城区某某餐饮有限公司", "legalRepresentative": "张三", "address": "佛山市禅城区祖庙路 1 号",
    "mainBusiness": "餐饮服务经营者（小型餐馆）", "items": "热食类食品制售"}}}
lua = """
-- One connection per thread: each thread's globals are its connection's case.
local steps = {
  {action = nil, token = "%(chuangkou)s", body = [[%(intake)s]]},
  {action = "undertake", token = "%(chengban)s", body = [[{"opinion":"经审查，材料齐全，拟准予许可"}]]},
  {action = "review", token = "%(shenhe)s", body = [[{"opinion":"同意承办意见"}]]},
  {action = "decide", token = "%(shichang)s", body = [[{"granted":true,"opinion":"准予许可"}]]},
  {action = "conclude", token = "%(chengban)s", body = [[%(conclude)s]]},
  {action = "deliver", token = "%(chuangkou)s", body = [[{"method":"pickup"}]]},
}
step, number, cases, failures, serial = 1, nil, 0, 0, 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
-- 办结 issues the 食品经营许可证 to an enterprise: a new one per case (a holder's next licence
-- of the type would be its next version), so each case names its own valid USCC.
local alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
function uscc()
  serial = serial + 1
  local code = string.format("91440604M%%02d%%06d", id or 0, serial)
  local sum = 0
  for i = 1, 17 do sum = sum + (alphabet:find(code:sub(i, i), 1, true) - 1) * weights[i] end
  local check = (31 - sum %% 31) %% 31
  return code .. alphabet:sub(check + 1, check + 1)
end
function request()
  local s = steps[step]
  local path = s.action and ("/api/v1/cases/" .. number .. "/actions/" .. s.action) or "/api/v1/cases"
  local body = s.action == "conclude" and s.body:gsub("HOLDER", uscc()) or s.body
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. s.token}, body)
end
function response(status, headers, body)
  if status >= 300 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("step " .. step .. ": " .. status .. " " .. body:sub(1, 300) .. "\\n") end
    step = 1
    return
  end
  if step == 1 then number = body:match('"number"%%s*:%%s*"([^"]+)"') end
  step = step + 1
  if step > #steps then step, cases = 1, cases + 1 end
end
function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("cases"); f = f + t:get("failures") end
  io.write(string.format("LIFECYCLE %%d %%d %%d %%.3f\\n", c, f, summary.requests, latency:percentile(99) / 1000))
end
""" % {**tokens, "intake": json.dumps(intake, ensure_ascii=False), "conclude": json.dumps(conclude, ensure_ascii=False)}
open(f"{data}/lifecycle.lua", "w").write(lua)
PY

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
echo "release build, ${duration}s, wrk $connections threads × 1 connection, $( [ -n "$pg" ] && echo PostgreSQL || echo SQLite )" >&2
# Warm up (first requests compile nothing, but fill caches and the pool).
wrk -t2 -c2 -d2s -s "$data/lifecycle.lua" "$base" >/dev/null
before=$(cpu)
if [ -n "${PROFILE:-}" ]; then
    perf record -e cpu-clock -F 499 -g -p "$server" -o "$PROFILE" -- sleep "$duration" >/dev/null 2>&1 &
fi
out=$(wrk -t"$connections" -c"$connections" -d"${duration}s" --latency -s "$data/lifecycle.lua" "$base")
after=$(cpu)
read -r _ cases failures requests p99 < <(echo "$out" | grep '^LIFECYCLE')
if [ -n "$pg" ]; then
    scratch="bench_commits_$$"
    psql "$pg" -qc "CREATE TABLE $scratch (id BIGSERIAL PRIMARY KEY, v BIGINT)" >/dev/null
    echo "INSERT INTO $scratch (v) VALUES (1);" >"$data/commit.sql"
    reference=$(pgbench -n -c "$connections" -j "$connections" -T "$duration" -f "$data/commit.sql" "$pg" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
    psql "$pg" -qc "DROP TABLE $scratch" >/dev/null
    reference="pgbench: $reference single-row commits/s at $connections clients"
else
    reference="SQLite on this disk: $("$bin" bench commits --directory "$data" --count 3000 2>&1 | tr '\n' ' ')"
fi
python3 - "$duration" "$cases" "$failures" "$requests" "$p99" "$before" "$after" "$ticks" "$reference" <<'PY'
import sys
duration, cases, failures, requests = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
p99, before, after, ticks, reference = float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8]), sys.argv[9]
steps = requests - failures
cpu_ms = (after - before) / ticks * 1000
print(f"{cases / duration:.0f} cases/s, {steps / duration:.0f} steps/s, p99 {p99:.1f} ms per step, "
      f"server CPU {cpu_ms / max(steps, 1):.3f} ms per step, {failures} failed")
print(reference)
if failures: sys.exit(1)
PY
