#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the tests and prints its URL.
# PostgreSQL refuses to run as root, so the cluster belongs to an unprivileged user.
# Usage: .ci/postgres.sh start DIR PORT | .ci/postgres.sh stop DIR
# Tests run with fsync off (PostgreSQL itself is never killed there); benchmarks that report
# durable rates start theirs with DURABLE=1 (fsync and synchronous_commit on, the defaults).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?cluster directory}
port=${3:-55432}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 1
fi
runas=()
if [ "$(id -u)" = 0 ]; then
    id onedoor-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin onedoor-ci
    runas=(runuser -u onedoor-ci --)
fi
case "$cmd" in
start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown onedoor-ci "$dir"
    "${runas[@]}" "$bindir/initdb" -D "$dir/data" -U onedoor --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k $dir/data -c fsync=$( [ -n "${DURABLE:-}" ] && echo on || echo off ) -c max_connections=200" start >/dev/null
    "${runas[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U onedoor onedoor_test
    echo "postgres://onedoor@127.0.0.1:$port/onedoor_test"
    ;;
stop)
    "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
