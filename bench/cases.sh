#!/usr/bin/env bash
# Case figures with wrk, in one run against one server (release build, demo district, SQLite):
#  - durable intake over HTTP (accept with 5 materials, history row, audit row) at 64 connections,
#    printed next to the raw SQLite durable-commit rate of the same disk, measured in the same run:
#    once as fast as the connections can send (a closed loop: by Little's law its latency is the
#    queue wrk itself builds), once at an offered 1,000 cases/s, the goal's load;
#  - the public progress lookup next to /healthz, and their ratio.
# Usage: bench/cases.sh [seconds per measurement, default 10]
# Needs wrk (apt-get install wrk). Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
data=$(mktemp -d /tmp/onedoor-bench-cases.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The progress lookup is limited per client address; wrk is one client, so the limit is lifted here.
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ONEDOOR_PROGRESS_LIMIT=1000000000 \
    "$bin" serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && grep -q "已启动" "$data/server.log" && break; sleep 0.2; done
base="http://127.0.0.1:$port"

# A clerk's token, an intake body for 食品经营许可 (5 materials), and one case to look up.
python3 - "$base" "$data" <<'PY'
import datetime, json, re, sys, urllib.parse, urllib.request
base, data = sys.argv[1], sys.argv[2]
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{data}/server.log").read(), re.M))
def call(path, body=None, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token: request.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(request).read())
token = call("/api/v1/session", {"username": "zumiao", "password": passwords["zumiao"]})["token"]
item = next(i for i in call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))["items"] if i["name"] == "食品经营许可")["code"]
guide = call(f"/api/v1/items/{item}")["guide"]
due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8, days=7)).date().isoformat()
materials = [{"name": m["name"], "received": m["necessity"] != "deferrable", "pages": 2, **({"dueDate": due} if m["necessity"] == "deferrable" else {})}
             for m in guide["materials"]]
assert len(materials) == 5
body = {"item": item, "applicant": {"person": {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X", "phone": "13800138000"}},
        "window": "1", "materials": materials, "outcome": "accept"}
case = call("/api/v1/cases", body, token)["case"]
open(f"{data}/intake.lua", "w").write(f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.body = [[{json.dumps(body, ensure_ascii=False)}]]
""")
# The same request paced to an offered rate (cases per second, given after --): each thread keeps
# its share by adjusting the pause between a connection's requests once a second. wrk times each
# request from when it is sent, so this is the latency a window sees at that load.
open(f"{data}/intake-paced.lua", "w").write(open(f"{data}/intake.lua").read() + """
local pause, count, second, share = 50, 0, 0, 0
-- args: offered rate, threads, connections. A connection waits about (its share of the period)
-- minus the request's own time; the pause is nudged once a second toward the thread's share.
function init(args)
    share = tonumber(args[1]) / tonumber(args[2])
    pause = 0.9 * 1000 * tonumber(args[3]) / tonumber(args[1])
end
function response() count = count + 1 end
function delay()
    local now = os.time()
    if now ~= second then
        if second ~= 0 and count > 0 then pause = math.max(1, math.min(2000, pause * math.sqrt(count / share))) end
        second, count = now, 0
    end
    return pause
end
""")
open(f"{data}/progress-path", "w").write(f"/api/v1/progress/{case['number']}?code={case['queryCode']}")
PY

measure() {  # name wrk-args... -> "rps p99_ms"
    local name=$1 out rps p99 errors
    shift
    out=$(wrk -t4 -d"${duration}s" --latency "$@")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    p99=$(python3 -c "v='$p99'; print(float(v[:-2])/1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1])*1000)")
    printf '%-44s %8.0f /s   p99 %7.2f ms%s\n' "$name" "$rps" "$p99" "${errors:+   non-2xx: $errors}" >&2
    echo "$rps $p99"
}

echo "release build, ${duration}s per measurement, wrk 4 threads" >&2
"$bin" bench commits --directory "$data" --count 3000 >&2
read -r c_rps c_p99 < <(measure "POST /api/v1/cases (accept, 64 connections)" -c64 -s "$data/intake.lua" "$base/api/v1/cases")
rate=1000
read -r r_rps r_p99 < <(measure "POST /api/v1/cases (offered $rate/s, 64 conn.)" -c64 -s "$data/intake-paced.lua" "$base/api/v1/cases" -- "$rate" 4 64)
read -r h_rps h_p99 < <(measure "GET /healthz (32 connections)" -c32 "$base/healthz")
read -r p_rps p_p99 < <(measure "GET /api/v1/progress/{number} (32 conn.)" -c32 "$base$(cat "$data/progress-path")")
python3 - "$c_rps" "$c_p99" "$r_rps" "$r_p99" "$h_rps" "$p_rps" <<'PY'
import sys
c, c99, r, r99, h, p = map(float, sys.argv[1:])
print(f"intake, as fast as 64 connections can send: {c:.0f} cases/s, p99 {c99:.1f} ms")
print(f"intake at an offered 1000/s on 64 connections: {r:.0f} cases/s (goal >= 1000), p99 {r99:.1f} ms (goal < 50)")
print(f"ratio progress/healthz {p / h:.2f}  (goal >= 0.5)")
PY
