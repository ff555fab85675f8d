#!/usr/bin/env bash
# The queue statistics page for a month of tickets: N tickets (default 200,000) with their events
# seeded over the last 22 working days at the demo district centre (`onedoor seed-tickets`), then
# the page (HTML, as a supervisor sees it, the month in one range) and the JSON API timed with
# wrk at 1 connection for 10 s each. Goal: the page in < 500 ms (p99 printed).
# Usage: bench/queue-statistics.sh [N] [postgres://…]
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
url=${2:-}
duration=${DURATION:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
work=$(mktemp -d /tmp/onedoor-queue-statistics.XXXXXX)
args=(--data-dir "$work/data")
schema=""
cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$schema" ] && psql "$url" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
if [ -n "$url" ]; then
    schema="queue_statistics_$$"
    psql "$url" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$url?schema=$schema")
fi
echo "seeding $n tickets…" >&2
ONEDOOR_LOG_LEVEL=warning "$bin" seed-tickets "$n" "${args[@]}" | grep -v "^演示账号" >&2
if [ -n "$url" ]; then
    psql "$url?options=-csearch_path%3D$schema" -qc "VACUUM ANALYZE ticket_events" >/dev/null
fi
ONEDOOR_NEW_PASSWORD=bench-statistics-2026 ONEDOOR_BCRYPT_COST=4 "$bin" create-user "${args[@]}" --role supervisor \
    --username bench-jiancha --name 压测监察 --staff-number JC9001 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" "$bin" serve "${args[@]}" --port "$port" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

cookie=$(bash bench/sign-in.sh "$base" bench-jiancha bench-statistics-2026)
token=$(curl -s -H 'Content-Type: application/json' -d '{"username":"bench-jiancha","password":"bench-statistics-2026"}' "$base/api/v1/session" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
read -r from to < <(python3 - <<'PY'
import datetime
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
print((today - datetime.timedelta(days=45)).isoformat(), (today - datetime.timedelta(days=1)).isoformat())
PY
)
page="$base/halls/CCZX/statistics?from=$from&to=$to"
# The first request computes each past day's figures once and keeps them (ADR 0011).
cold=$(curl -s -o "$work/page.html" -w '%{time_total}' -H "Cookie: $cookie" "$page")
arrived=$(grep -o 'data-figure="arrived">[0-9]*' "$work/page.html" | grep -o '[0-9]*$')
echo "page for $from to $to counts $arrived tickets; first request (computes and keeps each day) ${cold}s" >&2

measure() {  # name wrk-args...
    local name=$1 out rps p50 p99
    shift
    out=$(wrk -t1 -c1 -d"${duration}s" --timeout 30s --latency "$@")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    printf '%-44s %6s /s   p50 %8s   p99 %8s%s\n' "$name" "$rps" "$p50" "$p99" "$(echo "$out" | awk '/Non-2xx/ {print "   non-2xx: " $5}')"
}
echo "release build, $([ -n "$url" ] && echo PostgreSQL || echo SQLite), $n tickets, 1 connection, ${duration}s each (goal: page < 500 ms)"
measure "GET /halls/CCZX/statistics (HTML, month)" -H "Cookie: $cookie" "$page"
measure "GET /api/v1/halls/CCZX/queue-statistics" -H "Authorization: Bearer $token" "$base/api/v1/halls/CCZX/queue-statistics?from=$from&to=$to"
