#!/usr/bin/env bash
# A crash during import leaves the previous catalogue intact: import a 5,000-item catalogue,
# kill -9 the importer part-way, then check the stored catalogue is exactly the one before.
# Usage: bench/kill-import.sh [postgres://… to run against PostgreSQL instead of SQLite]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product onedoor >/dev/null
bin=.build/debug/onedoor
work=$(mktemp -d /tmp/onedoor-kill.XXXXXX)
trap 'rm -rf "$work"' EXIT
args=(--data-dir "$work/data")
[ -n "${1:-}" ] && args+=(--database-url "$1")

# The demo catalogue as the "previous" state, and a 5,000-item variant to interrupt.
python3 - "$work" <<'PY'
import copy, json, sys
work = sys.argv[1]
doc = json.load(open("Sources/OneDoorServices/Resources/demo-catalog.json"))
json.dump(doc, open(f"{work}/before.json", "w"), ensure_ascii=False)
big = copy.deepcopy(doc)
items, n = [], 0
while len(items) < 5000:
    for item in doc["items"]:
        if len(items) >= 5000:
            break
        clone = copy.deepcopy(item)
        for guide in clone["versions"]:
            code = f"{n:07d}{guide['basicCode'][7:]}"[:12]
            guide["basicCode"] = code
            guide["implementationCode"] = guide["implementationCode"][:19] + code
            guide["name"] += f"（{n}）"
        items.append(clone)
        n += 1
big["items"] = items
json.dump(big, open(f"{work}/big.json", "w"), ensure_ascii=False)
PY
"$bin" import-catalog "${args[@]}" "$work/before.json" >/dev/null
"$bin" export-catalog "${args[@]}" "$work/export-before.json" >/dev/null

# After each kill the catalogue is either exactly the old one or exactly the new one: never a mix.
kills=0 old=0 new=0
for delay in 0.3 0.6 0.9 1.2 1.5 2.0 2.5 3.0; do
    "$bin" import-catalog "${args[@]}" "$work/big.json" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    "$bin" export-catalog "${args[@]}" "$work/export-after.json" >/dev/null
    if cmp -s "$work/export-before.json" "$work/export-after.json"; then
        old=$((old + 1))
    else
        count=$(python3 -c "import json; print(len(json.load(open('$work/export-after.json'))['items']))")
        if [ "$count" != 5000 ]; then
            echo "FAIL: after kill -9 at ${delay}s the catalogue holds $count items (neither the old one nor the new one)" >&2
            exit 1
        fi
        new=$((new + 1))
        "$bin" import-catalog "${args[@]}" "$work/before.json" >/dev/null  # back to the old state for the next round
    fi
done
echo "kill -9 during import: $kills kills; afterwards old catalogue intact $old times, new one complete $new times, never a mix"
[ "$old" -gt 0 ] || { echo "FAIL: no kill landed before the commit; nothing was shown" >&2; exit 1; }
