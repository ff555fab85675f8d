#!/usr/bin/env bash
# Queue figures over HTTP with wrk, in one run against one server (release build, demo district,
# SQLite by default, or PostgreSQL given a URL):
#  - ticket issue (POST /api/v1/halls/{hall}/tickets) at 64 connections, every request a new
#    person with a valid resident ID, spread over a town hall's five queues (goal >= 1,000/s);
#  - call-next (POST /api/v1/windows/{window}/call-next) from the hall's 50 windows with at least
#    10,000 tickets waiting throughout (goal >= 2,000/s); the in-process p99 is
#    `onedoor bench call-next`.
# Calls are made in the demo's district centre; an administrator adds windows up to 50 (every
# category) and raises each queue's daily range to 9,999 through the API first, as a centre would.
# Each figure comes with the server's CPU time a request, which compares across machines.
# Usage: [PROFILE=perf.data] bench/queues.sh [seconds per measurement, default 10] [postgres://…]
# Needs wrk (apt-get install wrk). Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
url=${2:-}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
data=$(mktemp -d /tmp/onedoor-bench-queues.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
args=(--data-dir "$data")
schema=""
if [ -n "$url" ]; then
    schema="bench_queues_$$"
    psql "$url" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$url?schema=$schema")
fi
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_IGNORE_OPENING_HOURS=1 ONEDOOR_KIOSK_LIMIT=100000000 \
    "$bin" serve --demo "${args[@]}" --port "$port" >"$data/server.log" 2>&1 &
server=$!
cleanup() {
    kill $server 2>/dev/null; wait $server 2>/dev/null
    [ -n "$schema" ] && psql "$url" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
    rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && grep -q "已启动" "$data/server.log" && break; sleep 0.2; done
base="http://127.0.0.1:$port"
hall=CCZX
# Tickets for the issue figure are taken in another hall (祖庙街道), so that the district centre's
# daily numbers (5 queues of 9,999) all go to the call-next measurement.
issue_hall=ZMJD

python3 - "$base" "$data" "$hall" "$issue_hall" <<'PY'
import json, re, sys, urllib.request
base, data, hall, issue_hall = sys.argv[1:5]
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{data}/server.log").read(), re.M))
def call(path, body=None, token=None, method=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(request).read())
admin = call("/api/v1/session", {"username": "admin", "password": passwords["admin"]})["token"]
clerk = call("/api/v1/session", {"username": "chuangkou", "password": passwords["chuangkou"]})["token"]
windows = [w["number"] for h in call("/api/v1/halls?pageSize=100")["items"] if h["hall"]["code"] == hall for w in h["windows"]]
categories = [c["code"] for c in call("/api/v1/window-categories")["items"]]
number = 1
while len(windows) < 50:
    while str(number) in windows: number += 1
    call(f"/api/v1/halls/{hall}/windows/{number}", {"categories": categories}, admin, "PUT")
    windows.append(str(number))
for h in (hall, issue_hall):
    for q in call(f"/api/v1/halls/{h}/queues")["queues"]:
        call(f"/api/v1/halls/{h}/queues/{q['code']}", {"name": q["name"], "prefix": q["prefix"], "lastNumber": 9999}, admin, "PUT")
queues = call(f"/api/v1/halls/{hall}/queues")["queues"]
# Tickets come from a registered kiosk of each hall (its per-minute limit raised for the load).
kiosks = {h: call(f"/api/v1/halls/{h}/kiosks", {"name": "压测取号机"}, admin)["token"] for h in (hall, issue_hall)}
# Each wrk thread numbers its own people: thread t gives out t, t+threads, t+2·threads, …, each a
# valid resident ID (region 44xxxx, born 1980-01-01, checksum per GB 11643), so no one hits the
# real-name limits and every request is a real issue.
open(f"{data}/issue.lua", "w").write(f"""
local queues = {{ {", ".join(json.dumps(q["code"]) for q in call(f"/api/v1/halls/{issue_hall}/queues")["queues"])} }}
local weights = {{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}}
local checks = "10X98765432"
local threads, counter = 0, 0
local nextThread = 0
function setup(thread)
    thread:set("tid", nextThread)
    nextThread = nextThread + 1
end
local hall = "{issue_hall}"
local kiosks = {{ {", ".join(f'[{json.dumps(h)}] = {json.dumps(t)}' for h, t in kiosks.items())} }}
function init(args) threads = tonumber(args[1]); if args[2] then hall = args[2] end end
local function residentID(n)
    local body = string.format("44%04d19800101%03d", math.floor(n / 1000) % 10000, n % 1000)
    local sum = 0
    for i = 1, 17 do sum = sum + tonumber(body:sub(i, i)) * weights[i] end
    local k = sum % 11 + 1
    return body .. checks:sub(k, k)
end
function request()
    local n = tid + threads * counter
    counter = counter + 1
    local queue = queues[n % #queues + 1]
    return wrk.format("POST", "/api/v1/halls/" .. hall .. "/tickets", {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. kiosks[hall]}},
        '{{"queue":"' .. queue .. '","documentType":"resident-id","documentNumber":"' .. residentID(n + offset) .. '"}}')
end
""")
open(f"{data}/call.lua", "w").write(f"""
local windows = {{ {", ".join(json.dumps(w) for w in windows)} }}
local counter, nextThread = 0, 0
function setup(thread)
    thread:set("tid", nextThread)
    nextThread = nextThread + 1
end
function request()
    counter = counter + 1
    local window = windows[(tid * 13 + counter) % #windows + 1]
    return wrk.format("POST", "/api/v1/windows/" .. window .. "/call-next", {{["Authorization"] = "Bearer {clerk}"}}, "")
end
""")
print(f"{hall}: {len(windows)} windows, {len(queues)} queues with 9,999 numbers a day each", file=sys.stderr)
PY

server_cpu() {  # the server's user + system CPU time so far, in clock ticks
    awk '{print $14 + $15}' "/proc/$server/stat"
}
measure() {  # name wrk-args... -> "rps p99_ms cpu_ms"
    local name=$1 out rps p99 errors requests cpu0 cpu1 cpu
    shift
    cpu0=$(server_cpu)
    out=$(wrk -t4 --latency "$@")
    cpu1=$(server_cpu)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    p99=$(python3 -c "v='$p99'; print(float(v[:-2])/1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1])*1000)")
    # The server's CPU time a request: what a faster or slower machine scales, unlike the rate,
    # which also depends on how much of the two cores wrk itself takes.
    cpu=$(python3 -c "print(($cpu1 - $cpu0) * 1000 / $(getconf CLK_TCK) / $requests)")
    printf '%-48s %8.0f /s   p99 %7.2f ms   server CPU %.2f ms a request%s\n' "$name" "$rps" "$p99" "$cpu" "${errors:+   non-2xx: $errors}" >&2
    echo "$rps $p99 $cpu"
}
waiting() {
    curl -sf "$base/api/v1/halls/$hall/queues" | python3 -c 'import json, sys; print(sum(q["waiting"] for q in json.load(sys.stdin)["queues"]))'
}
issue_script() {  # offset: the first person's number, so every run brings new people
    sed "s/residentID(n + offset)/residentID(n + $1)/" "$data/issue.lua" >"$data/issue-$1.lua"
    echo "$data/issue-$1.lua"
}

echo "release build, wrk 4 threads, $([ -n "$url" ] && echo PostgreSQL || echo SQLite)" >&2
read -r i_rps i_p99 i_cpu < <(measure "POST /api/v1/halls/$issue_hall/tickets (64 conn.)" -c64 -d"${duration}s" -s "$(issue_script 0)" "$base/api/v1/halls/$issue_hall/tickets" -- 4)
# Fill the district centre (not measured) so that 10,000 or more still wait when call-next ends:
# room for 5,000 calls a second on top of the 10,000, within the day's 5 × 9,999 numbers.
calls=$((duration < 8 ? duration : 8))
fill=$((10000 + 5000 * calls))
fill=$((fill < 45000 ? fill : 45000))
offset=1000000
while [ "$(waiting)" -lt $fill ]; do
    # Bounded: 20 rounds of 5 s, should the server stop giving out tickets.
    [ $offset -le 20000000 ] || { echo "could not fill the queue to $fill waiting" >&2; exit 1; }
    wrk -t4 -c64 -d5s -s "$(issue_script $offset)" "$base/api/v1/halls/$hall/tickets" -- 4 $hall >/dev/null
    offset=$((offset + 1000000))
done
before=$(waiting)
# PROFILE=file: samples the server's stacks during the call-next measurement (perf, from linux-perf).
[ -n "${PROFILE:-}" ] && perf record -q -F 499 -g -p $server -o "$PROFILE" -- sleep "$calls" 2>/dev/null &
read -r c_rps c_p99 c_cpu < <(measure "POST /api/v1/windows/{w}/call-next (50 conn.)" -c50 -d"${calls}s" -s "$data/call.lua" "$base/api/v1/windows/1/call-next")
after=$(waiting)
python3 - "$i_rps" "$i_p99" "$i_cpu" "$c_rps" "$c_p99" "$c_cpu" "$before" "$after" <<'PY'
import sys
i, i99, icpu, c, c99, ccpu = map(float, sys.argv[1:7])
before, after = map(int, sys.argv[7:9])
print(f"ticket issue over HTTP: {i:.0f} tickets/s (goal >= 1000), p99 {i99:.1f} ms, server CPU {icpu:.2f} ms a ticket")
print(f"call-next over HTTP from 50 windows: {c:.0f} calls/s (goal >= 2000), p99 {c99:.1f} ms, server CPU {ccpu:.2f} ms a call; waiting {before} before, {after} after")
if after < 10000:
    sys.exit("fewer than 10,000 tickets waited at the end: the call-next figure is not the one the goal names")
PY
