#!/usr/bin/env bash
# 电子监察's overview under a district's history: C cases (default 2,000,000, `onedoor seed-cases`:
# two years of them, a few thousand still running) and T tickets (default 10,000,000,
# `onedoor seed-tickets` at the district centre over the last 22 working days), then the overview
# — HTML as a supervisor sees it, and the JSON API — computed for every request
# (ONEDOOR_OVERVIEW_SECONDS=0: the 5-second sharing off) and timed with wrk at 1 connection;
# then the case statistics of the last twelve months by department. Goals: overview p99 < 200 ms,
# statistics < 500 ms.
# Usage: bench/supervision.sh [C] [T] [postgres://…]   Needs wrk (apt-get install wrk).
# SEEDED=name keeps the seeded data for another run (a directory under /tmp, or a PostgreSQL
# schema): the first run with a name seeds and keeps it, the next ones only measure.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-2000000}
tickets=${2:-10000000}
url=${3:-}
duration=${DURATION:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
seeded=${SEEDED:-}
work=${seeded:+/tmp/onedoor-supervision-$seeded}
work=${work:-$(mktemp -d /tmp/onedoor-supervision.XXXXXX)}
mkdir -p "$work"
args=(--data-dir "$work/data")
schema=""
cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$schema" ] && [ -z "$seeded" ] && psql "$url" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
    [ -n "${KEEP:-}$seeded" ] || rm -rf "$work"
}
trap cleanup EXIT
if [ -n "$url" ]; then
    schema="supervision_${seeded:-$$}"
    psql "$url" -qc "CREATE SCHEMA IF NOT EXISTS $schema" >/dev/null
    args+=(--database-url "$url?schema=$schema")
fi
if [ -f "$work/seeded" ]; then
    echo "measuring the data seeded before in $work${schema:+ (schema $schema)}" >&2
else
    started=$(date +%s)
    echo "seeding $cases cases…" >&2
    ONEDOOR_LOG_LEVEL=warning "$bin" seed-cases "$cases" "${args[@]}" | grep -v "^演示账号" | tail -1 >&2
    echo "seeding $tickets tickets…" >&2
    ONEDOOR_LOG_LEVEL=warning "$bin" seed-tickets "$tickets" "${args[@]}" | grep -v "^演示账号" >&2
    if [ -n "$url" ]; then psql "$url?options=-csearch_path%3D$schema" -qc "VACUUM ANALYZE" >/dev/null; fi
    echo "seeded in $(( $(date +%s) - started )) s" >&2
    ONEDOOR_NEW_PASSWORD=bench-supervision-2026 ONEDOOR_BCRYPT_COST=4 "$bin" create-user "${args[@]}" --role supervisor \
        --username bench-jiancha --name 压测监察 --staff-number JC9002 >/dev/null
    [ -n "$seeded" ] && touch "$work/seeded"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_OVERVIEW_SECONDS=0 ONEDOOR_LOG_LEVEL=warning ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" "$bin" serve "${args[@]}" --port "$port" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
cookie=$(bash bench/sign-in.sh "$base" bench-jiancha bench-supervision-2026)
token=$(curl -s -H 'Content-Type: application/json' -d '{"username":"bench-jiancha","password":"bench-supervision-2026"}' "$base/api/v1/session" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -s -H "Authorization: Bearer $token" "$base/api/v1/supervision/overview" \
    | python3 -c 'import json, sys; o = json.load(sys.stdin); print("overview: %d running, lights %s" % (o["running"], o["lights"]))' >&2

measure() {  # name wrk-args...
    local name=$1 out rps p50 p99
    shift
    out=$(wrk -t1 -c1 -d"${duration}s" --timeout 30s --latency "$@")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    printf '%-48s %6s /s   p50 %8s   p99 %8s%s\n' "$name" "$rps" "$p50" "$p99" "$(echo "$out" | awk '/Non-2xx/ {print "   non-2xx: " $5}')"
}
read -r from to < <(python3 - <<'PY'
import datetime
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
first = today.replace(day=1)
start = (first.replace(year=first.year - 1) if first.month == 12 else first.replace(year=first.year - 1, month=first.month + 1))
print(start.strftime("%Y-%m"), today.strftime("%Y-%m"))
PY
)
# The first request computes and stores each closed month's figures (ADR 0044).
cold=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$base/api/v1/statistics/cases?from=$from&to=$to&by=department")
echo "release build, $([ -n "$url" ] && echo PostgreSQL || echo SQLite), $cases cases and $tickets tickets, 1 connection, ${duration}s each"
echo "case statistics $from to $to by department, first request (computes and stores the months): ${cold}s"
measure "GET /supervision (HTML, computed each time)" -H "Cookie: $cookie" "$base/supervision"
measure "GET /api/v1/supervision/overview" -H "Authorization: Bearer $token" "$base/api/v1/supervision/overview"
measure "GET /api/v1/statistics/cases (12 months)" -H "Authorization: Bearer $token" "$base/api/v1/statistics/cases?from=$from&to=$to&by=department"
