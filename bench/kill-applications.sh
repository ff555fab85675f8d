#!/usr/bin/env bash
# An acknowledged upload or submission of an online application survives kill -9 (issue 15 §3):
# eight citizens each start applications, upload three files through the API, choose delivery and
# submit, while the server is killed with kill -9 and restarted on the same data. Every upload the
# server answered 201 for must be on its application with the same SHA-256 and its bytes read back
# with that digest, and every submission answered 200 must be waiting for pre-review. With
# ONEDOOR_FILE_STORE=database the files are kept in the database (ADR 0030).
# Usage: bench/kill-applications.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"

python3 tests/doubles/sms_gateway.py --key kill-applications-key --fail-every 0 >"$work/gateway.out" 2>&1 &
echo $! >"$work/gateway.pid"
trap 'kill -9 $(cat "$work/pid" "$work/gateway.pid" 2>/dev/null) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q listening "$work/gateway.out" && break; sleep 0.1; done
export ONEDOOR_SMS_URL="http://127.0.0.1:$(awk '/listening/ {print $2}' "$work/gateway.out")/sms" ONEDOOR_SMS_KEY=kill-applications-key \
    ONEDOOR_SMS_SIGNATURE=禅城政务 ONEDOOR_CITIZEN_CODE_LIMIT=100000
start --demo
PYTHONPATH=bench python3 - "$port" "$work" "$ONEDOOR_SMS_URL" <<'PY' &
import hashlib, json, os, sys, threading
import online
port, work, gateway = sys.argv[1], sys.argv[2], sys.argv[3].rsplit("/", 1)[0]
base = f"http://127.0.0.1:{port}"
tokens = online.citizens(base, gateway, 8)
item = online.item_code(base)
json.dump(tokens, open(f"{work}/tokens.json", "w"))
lock = threading.Lock()
uploads, submits = open(f"{work}/uploads.txt", "a"), open(f"{work}/submits.txt", "a")
open(f"{work}/load-started", "w").close()

def worker(w):
    token = tokens[w]
    n = 0
    try:
        while True:
            n += 1
            status, application = online.call(base, "/api/v1/applications", {"item": item, "key": f"kill-{w}-{n}"}, token)
            if status != 201: continue
            id = application["id"]
            for index in range(3):
                content = b"%PDF-1.7\n" + os.urandom(30_000)
                status, file = online.call(base, f"/api/v1/applications/{id}/materials/{index}/files?name=f{index}.pdf", raw=content, token=token)
                if status == 201:
                    with lock:
                        uploads.write(f"{w} {id} {file['id']} {hashlib.sha256(content).hexdigest()}\n"); uploads.flush()
            online.call(base, f"/api/v1/applications/{id}/delivery", {"method": "electronic"}, token, method="PUT")
            status, _ = online.call(base, f"/api/v1/applications/{id}/submission", {"key": f"submit-{w}-{n}"}, token)
            if status == 200:
                with lock:
                    submits.write(f"{w} {id}\n"); submits.flush()
    except Exception:
        return  # the server is gone

threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
for t in threads: t.start()
for t in threads: t.join()
PY
kill_during_load $!
PYTHONPATH=bench python3 - "$port" "$work" <<'PY'
import json, sys
import online
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
tokens = json.load(open(f"{work}/tokens.json"))
uploads = [line.split() for line in open(f"{work}/uploads.txt")]
submits = [line.split() for line in open(f"{work}/submits.txt")]
problems, seen = [], {}
def detail(w, id):
    if id not in seen:
        status, answer = online.call(base, f"/api/v1/applications/{id}", token=tokens[int(w)])
        seen[id] = answer if status == 200 else None
    return seen[id]
import hashlib, os, urllib.request
def content(w, id, file):
    # The bytes themselves, as the citizen downloads them (the session cookie is the API token).
    request = urllib.request.Request(f"{base}/me/applications/{id}/files/{file}", headers={"Cookie": f"onedoor_citizen={tokens[int(w)]}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return hashlib.sha256(response.read()).hexdigest()
    except Exception:
        return None
for w, id, file, sha in uploads:
    d = detail(w, id)
    files = {str(f["id"]): f["sha256"] for m in (d or {}).get("materials", []) for f in m["files"]}
    if files.get(file) != sha or content(w, id, file) != sha: problems.append(("upload", id, file))
store = "in the database" if os.environ.get("ONEDOOR_FILE_STORE") == "database" else "on disk"
if store == "in the database" and os.path.isdir(f"{work}/data/blobs"): problems.append(("store", "files written to disk"))
for w, id in submits:
    d = detail(w, id)
    if not d or d["application"]["state"] != "submitted": problems.append(("submit", id, d and d["application"]["state"]))
print(f"kill -9 during online applications (8 citizens, files {store}): {len(uploads)} uploads and {len(submits)} submissions acknowledged "
      f"before the kill, {len(uploads) + len(submits) - len(problems)} found intact after restart (every file's bytes read back)")
if problems or not uploads or not submits:
    print("FAIL:", problems[:5] or "nothing was acknowledged", file=sys.stderr)
    sys.exit(1)
PY
