# The harness the kill -9 checks share (sourced): a debug server on its own data directory (or
# its own PostgreSQL schema, given a URL as $1), started and restarted on the same data, and the
# kill in the middle of a load that the caller starts in the background.
# Sets: bin, work, port, args; defines start [serve flags…] and kill_during_load PID.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
swift build --product onedoor >/dev/null
bin=$(pwd)/.build/debug/onedoor
work=$(mktemp -d "/tmp/onedoor-$(basename "$0" .sh).XXXXXX")
trap 'kill -9 $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
args=(--data-dir "$work/data" --port "$port")
if [ -n "${1:-}" ]; then
    # A fresh schema of its own, so the demo is seeded into an empty database.
    schema="$(basename "$0" .sh | tr - _)_$$"
    psql "$1" -qc "CREATE SCHEMA $schema" >/dev/null
    args+=(--database-url "$1?schema=$schema")
fi

start() {
    ONEDOOR_BCRYPT_COST=4 ONEDOOR_IGNORE_OPENING_HOURS=1 ONEDOOR_KIOSK_LIMIT=1000000 ONEDOOR_PERSONAL_READ_LIMIT=1000000 ONEDOOR_PUBLIC_URL="http://127.0.0.1:$port" "$bin" serve "${args[@]}" "$@" >>"$work/server.log" 2>&1 &
    echo $! >"$work/pid"
    for _ in $(seq 1 300); do
        # Ready, and the one-time demo passwords written out.
        curl -fs -m 2 "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && grep -q "已启动" "$work/server.log" && return 0
        sleep 0.1
    done
    echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}

# Waits until the load (PID $1) has started (it touches $work/load-started), lets it run, kills
# the server with kill -9 while requests are in flight, waits for the load to notice, restarts.
kill_during_load() {
    while [ ! -e "$work/load-started" ]; do sleep 0.1; done
    sleep 2.5
    kill -9 "$(cat "$work/pid")"
    wait "$1" || true
    start
}
