#!/usr/bin/env bash
# A 20 MB upload is streamed, not held (issue 15's goal: it adds less than 5 MB to the server's
# resident memory): the real server, a clerk's case, the server's VmRSS before and after a
# 19.5 MB scan is posted to the case's material (curl, multipart), and the upload time.
# Usage: bench/upload-memory.sh [MB, default 19.5]   PROFILE=release|debug (default release)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-19.5}
profile=${PROFILE:-release}
swift build -c "$profile" --product onedoor >/dev/null
work=$(mktemp -d /tmp/onedoor-upload.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ONEDOOR_LOG_LEVEL=warning ONEDOOR_BCRYPT_COST=4 ".build/$profile/onedoor" serve --demo --data-dir "$work/data" --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill -9 $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && grep -q "已启动" "$work/server.log" && break; sleep 0.1; done
base="http://127.0.0.1:$port"
password=$(awk '$1 == "chuangkou" {print $2; exit}' "$work/server.log")
cookie=$(bash bench/sign-in.sh "$base" chuangkou "$password")
token=$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"username\":\"chuangkou\",\"password\":\"$password\"}" "$base/api/v1/session" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
number=$(python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request, urllib.parse
base, token = sys.argv[1], sys.argv[2]
def call(path, body=None):
    r = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None)
    r.add_header("Content-Type", "application/json"); r.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(r).read())
items = call("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))
item = next(i for i in items["items"] if i["name"] == "食品经营许可")["code"]
guide = call(f"/api/v1/items/{item}")
created = call("/api/v1/cases", {"item": item, "outcome": "accept", "materials": [{"name": m["name"], "received": True} for m in guide["guide"]["materials"]],
                                 "applicant": {"person": {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X"}}})
print(created["case"]["number"])
PY
)
csrf=$(curl -s -H "Cookie: $cookie" "$base/cases/$number" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
python3 -c "import sys; sys.stdout.buffer.write(b'%PDF-1.7\n' + b'0' * int(float('$mb') * 1024 * 1024))" >"$work/scan.pdf"
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
# Warm the page and upload paths once with a small file, so the figure is the large file's.
head -c 2000 "$work/scan.pdf" >"$work/small.pdf"
curl -s -o /dev/null -H "Cookie: $cookie" -F "_csrf=$csrf" -F "file=@$work/small.pdf" "$base/cases/$number/materials/0/files"
before=$(rss)
start=$(date +%s.%N)
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -F "_csrf=$csrf" -F "file=@$work/scan.pdf" "$base/cases/$number/materials/0/files")
end=$(date +%s.%N)
after=$(rss)
python3 - "$status" "$before" "$after" "$start" "$end" "$mb" <<'PY'
import sys
status, before, after, start, end, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
print(f"upload of {mb} MB: HTTP {status} in {end - start:.2f} s; server RSS {before / 1024:.1f} MB before, {after / 1024:.1f} MB after: +{(after - before) / 1024:.1f} MB (goal < 5 MB)")
if status != "303": sys.exit("FAIL: the upload was not accepted")
PY
