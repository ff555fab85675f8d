#!/usr/bin/env bash
# A department's "due soon" page — its back-office queue, soonest promised deadline first, with
# the warning lights — with N cases seeded (`onedoor seed-cases N`, default 1,000,000), on
# SQLite or, given a URL, on PostgreSQL. Prints requests/s and p99 for the page (HTML, as the
# approver sees it, 50 rows) and for the same queue through the API (20 rows), at 1, 4 and 8
# connections for 10 s each. wrk runs on the same machine as the server.
# Usage: bench/due-soon.sh [N] [postgres://…]
# Needs wrk (apt-get install wrk); the seeded database needs about 3 GB per million cases.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
url=${2:-}
duration=${DURATION:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
swift build -c release --product onedoor >/dev/null 2>&1
bin=$(pwd)/.build/release/onedoor
work=$(mktemp -d /tmp/onedoor-due-soon.XXXXXX)
args=(--data-dir "$work/data")
schema=""
engine=$([ -n "$url" ] && echo PostgreSQL || echo SQLite)
cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$schema" ] && psql "$url" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
if [ -n "$url" ]; then
    schema="due_soon_$$"
    psql "$url" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$url?schema=$schema")
fi

echo "seeding $n cases on $engine…" >&2
ONEDOOR_LOG_LEVEL=warning "$bin" seed-cases "$n" "${args[@]}" | grep -v "^演示账号" | tail -1 >&2
if [ -n "$url" ]; then
    # What autovacuum would do in time: planner statistics and the visibility map.
    psql "$url?options=-csearch_path%3D$schema" -qc "VACUUM ANALYZE cases" >/dev/null
fi
ONEDOOR_NEW_PASSWORD=bench-due-soon-2026 ONEDOOR_BCRYPT_COST=4 "$bin" create-user "${args[@]}" --role approver \
    --username bench-scjg --name 压测审批 --staff-number SC9001 --department SCJG >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" "$bin" serve "${args[@]}" --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
base="http://127.0.0.1:$port"

# A cookie for the page and a token for the API, both of the market regulator's approver.
cookie=$(bash bench/sign-in.sh "$base" bench-scjg bench-due-soon-2026)
token=$(curl -s -H 'Content-Type: application/json' -d '{"username":"bench-scjg","password":"bench-due-soon-2026"}' "$base/api/v1/session" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
queue=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/departments/SCJG/cases?pageSize=20")
python3 - "$queue" <<'PY' >&2
import json, sys
q = json.loads(sys.argv[1])
lights = {}
for c in q["items"]: lights[c["light"]] = lights.get(c["light"], 0) + 1
print(f"SCJG back-office queue: {q['total']} cases; first page: {len(q['items'])} rows, lights {lights}, "
      f"deadlines {q['items'][0]['promisedDeadline']} … {q['items'][-1]['promisedDeadline']}")
PY
curl -sf -H "Cookie: $cookie" "$base/cases" | grep -q "SCJG\|市场监督" || { echo "the page did not show the queue" >&2; exit 1; }

measure() {  # connections name wrk-args...
    local connections=$1 name=$2 out
    shift 2
    out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$@")
    echo "$out" | grep -q "Non-2xx" && { echo "$name: non-2xx answers" >&2; echo "$out" >&2; exit 1; }
    python3 - "$name" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')" <<'PY'
import sys
name, rps, p99 = sys.argv[1], float(sys.argv[2]), sys.argv[3]
ms = float(p99[:-2]) / 1000 if p99.endswith("us") else float(p99[:-2]) if p99.endswith("ms") else float(p99[:-1]) * 1000
print(f"{name:<48} {rps:8.0f} /s   p99 {ms:6.2f} ms  (goal < 20)")
PY
}
echo "$n cases, $engine, release build, ${duration}s each"
for c in 1 4 8; do
    measure "$c" "GET /cases (due-soon page, HTML), $c conn." -H "Cookie: $cookie" "$base/cases"
    measure "$c" "GET /api/v1/departments/SCJG/cases, $c conn." -H "Authorization: Bearer $token" "$base/api/v1/departments/SCJG/cases"
done
