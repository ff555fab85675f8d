#!/usr/bin/env bash
# How long a newcomer waits: from `git clone` to the first page of the README's
# `swift run onedoor serve --demo`, on a fresh clone with an empty build folder.
#   bench/first-build.sh [REV]   (default HEAD of this checkout)
# Prints the build's step count, the build time and the time to the first page.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD}
work=$(mktemp -d /tmp/onedoor-first-build.XXXXXX)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
start=$(date +%s.%N)
git clone -q . "$work/onedoor"
git -C "$work/onedoor" checkout -q "$rev"
cd "$work/onedoor"
swift build --product onedoor >"$work/build.log" 2>&1
built=$(date +%s.%N)
steps=$(grep -oE '^\[[0-9]+/[0-9]+\]' "$work/build.log" | tail -1 | tr -d '[]' | cut -d/ -f2)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
swift run onedoor serve --demo --port "$port" >"$work/serve.log" 2>&1 &
server=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
    kill -0 "$server" 2>/dev/null || { tail -20 "$work/serve.log"; exit 1; }
    sleep 0.2
done
page=$(date +%s.%N)
python3 - "$rev" "$steps" "$start" "$built" "$page" <<'PY'
import sys
rev, steps, start, built, page = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"{rev}: {steps} build steps, build {built - start:.0f} s (clone included), first page {page - start:.0f} s after the clone began")
PY
