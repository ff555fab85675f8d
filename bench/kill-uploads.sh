#!/usr/bin/env bash
# An acknowledged upload survives kill -9 (issue 15, ADR 0025): clerks upload scans to a case's
# materials from 8 clients while the server is killed with kill -9 and restarted on the same
# data; every upload the server answered 303 for must be listed on the case and its file must
# read back byte for byte.
# Usage: bench/kill-uploads.sh [postgres://… to run against PostgreSQL instead of SQLite]
source "$(dirname "$0")/kill-lib.sh"

start --demo
python3 - "$port" "$work" <<'PY' &
import http.cookiejar, json, os, re, sys, threading, urllib.request, urllib.parse, uuid
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))

def api(path, body=None, token=None):
    r = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None)
    r.add_header("Content-Type", "application/json")
    if token: r.add_header("Authorization", "Bearer " + token)
    return json.loads(urllib.request.urlopen(r, timeout=10).read())

token = api("/api/v1/session", {"username": "chuangkou", "password": passwords["chuangkou"]})["token"]
items = api("/api/v1/items?q=" + urllib.parse.quote("食品经营许可"))
item = next(i for i in items["items"] if i["name"] == "食品经营许可")["code"]
guide = api(f"/api/v1/items/{item}")
number = api("/api/v1/cases", {"item": item, "outcome": "accept", "materials": [{"name": m["name"], "received": True} for m in guide["guide"]["materials"]],
                               "applicant": {"person": {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X"}}}, token)["case"]["number"]
open(f"{work}/case.txt", "w").write(number)

# The page session: sign in through the form, read the case page's CSRF token.
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = opener.open(base + "/login").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]*)"', form).group(1)
opener.open(base + "/login", data=urllib.parse.urlencode({"_csrf": csrf, "username": "chuangkou", "password": passwords["chuangkou"]}).encode())
page = opener.open(f"{base}/cases/{number}").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]*)"', page).group(1)
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs): return None
plain = urllib.request.build_opener(NoRedirect)
lock = threading.Lock()
out = open(f"{work}/acknowledged.txt", "a")
open(f"{work}/load-started", "w").close()

def worker(w):
    n = 0
    while True:
        n += 1
        name = f"scan-{w}-{n}.pdf"
        content = b"%PDF-1.7\n" + os.urandom(20_000)
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
            + content + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(f"{base}/cases/{number}/materials/{n % 3}/files", data=body)
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Cookie", cookie)
        try:
            plain.open(request, timeout=10)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception:
            return  # the server is gone
        if status == 303:
            with lock:
                open(f"{work}/{name}", "wb").write(content)
                out.write(name + "\n")
                out.flush()

threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
for t in threads: t.start()
for t in threads: t.join()
PY
kill_during_load $!
python3 - "$port" "$work" <<'PY'
import http.cookiejar, re, sys, urllib.request, urllib.parse
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
passwords = dict(re.findall(r"^\s+(\w+)\s+(\S{16})\s", open(f"{work}/server.log").read(), re.M))
number = open(f"{work}/case.txt").read()
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = opener.open(base + "/login").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]*)"', form).group(1)
opener.open(base + "/login", data=urllib.parse.urlencode({"_csrf": csrf, "username": "jiancha", "password": passwords["jiancha"]}).encode())
page = opener.open(f"{base}/cases/{number}").read().decode()
links = dict((name, link) for link, name in re.findall(r'<a href="(/cases/[^"]+/files/\d+)"[^>]*>([^<]+)</a>', page))
acknowledged = open(f"{work}/acknowledged.txt").read().split()
missing = []
for name in acknowledged:
    if name not in links:
        missing.append((name, "not listed"))
        continue
    if opener.open(base + links[name]).read() != open(f"{work}/{name}", "rb").read():
        missing.append((name, "different bytes"))
print(f"kill -9 during uploads (8 clients): {len(acknowledged)} uploads acknowledged before the kill, {len(acknowledged) - len(missing)} listed and read back intact after restart")
if missing or not acknowledged:
    print("FAIL:", missing[:5] or "no upload was acknowledged", file=sys.stderr)
    sys.exit(1)
PY
