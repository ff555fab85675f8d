#!/usr/bin/env bash
# Reuse at intake at scale (issue 16: with 1,000,000 people, 100,000 enterprises and 10,000,000
# vault entries, the reusable materials for an applicant at intake p99 < 5 ms on both
# databases). A scratch database (release build; SQLite in a temporary directory, or a fresh
# schema of the PostgreSQL given) gets the demo district and `onedoor seed-people`; then
# `onedoor bench reuse` times what the intake form asks for a holder who exists: their base
# record (its statements folded), their licences in force, their vault entries still valid,
# and the offers for a random item's checklist.
# Usage: bench/reuse.sh [people, default 1000000] [postgres://…]
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
pg=${2:-}
swift build -c release --product onedoor >/dev/null
bin=$(pwd)/.build/release/onedoor
data=$(mktemp -d /tmp/onedoor-bench-reuse.XXXXXX)
chmod 755 "$data"
args=(--data-dir "$data")
if [ -n "$pg" ]; then
    schema="bench_reuse_$$"
    psql "$pg" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$pg?schema=$schema")
fi
cleanup() {
    if [ -n "$pg" ]; then psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$data"
}
trap cleanup EXIT
export ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4
enterprises=$((people / 10))
"$bin" seed-people "$people" --enterprises "$enterprises" --vault $((people * 10)) "${args[@]}" | grep -v 演示账号
if [ -n "$pg" ]; then psql "$pg" -qc "ANALYZE $schema.record_statements; ANALYZE $schema.vault_materials" >/dev/null; fi
du -sh "$data" 2>/dev/null | sed 's/^/SQLite files: /'
for c in 1 4; do
    "$bin" bench reuse --people "$people" --enterprises "$enterprises" --samples 20000 --concurrency $c "${args[@]}" | grep -v 演示账号 | sed "s/^/concurrency $c: /"
done
