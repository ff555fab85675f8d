#!/usr/bin/env bash
# Notification dispatch to the SMS gateway double (issue 15's goal: 1,000 messages a second):
# `onedoor bench dispatch` fills a scratch outbox and sends it through HTTPSMSGateway to
# tests/doubles/sms_gateway.py, first with every request taken, then with every third refused
# (retries after 1 s). PROFILE=release for the figures in notes.
# Usage: bench/dispatch.sh [messages] [postgres://… to measure on PostgreSQL]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000}
profile=${PROFILE:-debug}
swift build -c "$profile" --product onedoor >/dev/null
bin=$(pwd)/.build/$profile/onedoor
work=$(mktemp -d /tmp/onedoor-dispatch.XXXXXX)
trap 'kill -9 $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
for fail in 0 3; do
    python3 tests/doubles/sms_gateway.py --key "dispatch-bench-key-$$" --fail-every "$fail" >"$work/gateway$fail.out" 2>&1 &
    echo $! >"$work/gateway$fail.pid"
    for _ in $(seq 1 100); do grep -q listening "$work/gateway$fail.out" && break; sleep 0.1; done
    gateway_port=$(awk '/listening/ {print $2}' "$work/gateway$fail.out")
    echo -n "gateway fails every ${fail/#0/no} request(s): "
    ONEDOOR_SMS_URL="http://127.0.0.1:$gateway_port/sms" ONEDOOR_SMS_KEY="dispatch-bench-key-$$" ONEDOOR_SMS_SIGNATURE="禅城政务" \
        ONEDOOR_QUIET_HOURS=off ONEDOOR_RETRY_BACKOFF=1 \
        "$bin" bench dispatch --messages "$messages" --directory "$work" ${2:+--database-url "$2"} \
        | tee "$work/result$fail.txt"
    python3 - "$gateway_port" "$messages" "$work/result$fail.txt" <<'PY'
import json, re, sys, urllib.request
summary = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/messages").read())
keys = [m["id"] for m in summary["messages"]]
given_up = int(re.search(r"\((\d+) failed\)", open(sys.argv[3]).read()).group(1))
print(f"  the double: {len(keys)} delivered, {len(set(keys))} distinct, {summary['requests']} requests, {summary['failed']} refused, "
      f"{summary['duplicates']} repeated keys; {given_up} given up after 8 attempts (on record as failed)")
# None doubled; none lost: each message was delivered or is on record as given up.
if len(set(keys)) != len(keys) or len(keys) + given_up != int(sys.argv[2]):
    sys.exit("FAIL: messages lost or doubled")
PY
    kill -9 "$(cat "$work/gateway$fail.pid")"
done
