#!/usr/bin/env bash
# HTTP load figures with wrk, all in one run against one server (release build, demo catalogue):
# rps and p99 of GET /api/v1/items/{code} and of a search, next to GET /healthz, and their ratios.
# Usage: bench/http.sh [seconds per endpoint, default 10] [connections, default 32]
# Needs wrk (apt-get install wrk). Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
data=$(mktemp -d /tmp/onedoor-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning .build/release/onedoor serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
code=$(curl -s "$base/api/v1/items?q=%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5%E8%AE%B8%E5%8F%AF" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')

measure() {  # name url -> "rps p99_ms"
    local out rps p99
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$2")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    # wrk prints latencies with units (us, ms, s): convert to milliseconds.
    p99=$(python3 -c "v='$p99'; print(float(v[:-2])/1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1])*1000)")
    printf '%-34s %10.0f rps   p99 %7.2f ms\n' "$1" "$rps" "$p99" >&2
    echo "$rps $p99"
}

echo "wrk: ${duration}s per endpoint, $connections connections, 2 threads, release build" >&2
read -r h_rps h_p99 < <(measure "GET /healthz" "$base/healthz")
read -r i_rps i_p99 < <(measure "GET /api/v1/items/{code}" "$base/api/v1/items/$code")
read -r s_rps s_p99 < <(measure "GET /api/v1/items?q=许可" "$base/api/v1/items?q=%E8%AE%B8%E5%8F%AF")
python3 - "$h_rps" "$i_rps" "$s_rps" <<'PY'
import sys
h, i, s = map(float, sys.argv[1:])
print(f"ratio item/healthz   {i / h:.2f}  (goal >= 0.5)")
print(f"ratio search/healthz {s / h:.2f}  (goal >= 0.5)")
PY
