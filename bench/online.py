"""What the online-application scripts share (bench/kill-applications.sh, bench/applications.sh):
citizens signed in through the real sign-in (the code read from the SMS gateway double), and the
application calls of the JSON API. Standard library only."""
import datetime
import json
import time
import urllib.error
import urllib.parse
import urllib.request

ITEM = "食品经营许可变更"  # depth Ⅳ, three materials


def call(base, path, body=None, token=None, method=None, raw=None, timeout=30):
    """(status, JSON answer); `raw` bytes go as application/octet-stream."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def resident_id(n):
    """A valid resident ID (GB 11643) per person `n`."""
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
    body = "440604" + born.strftime("%Y%m%d") + "123"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def citizens(base, gateway, count, first=0):
    """`count` citizens signed in and real-named: their tokens."""
    phones = ["136%08d" % (first + n) for n in range(count)]
    for phone in phones:
        status, answer = call(base, "/api/v1/citizen/codes", {"phone": phone})
        assert status == 202, answer
    deadline = time.time() + 60
    codes = {}
    while len(codes) < count and time.time() < deadline:
        delivered = json.loads(urllib.request.urlopen(gateway + "/messages").read())["messages"]
        codes = {m["to"]: "".join(c for c in m["text"] if c.isdigit())[:6] for m in delivered if m["to"] in phones}
        time.sleep(0.1)
    tokens = []
    for n, phone in enumerate(phones):
        status, answer = call(base, "/api/v1/citizen/session", {"phone": phone, "code": codes[phone]})
        assert status == 201, answer
        token = answer["token"]
        status, answer = call(base, "/api/v1/me/real-name", {"name": "测试%d" % n, "documentType": "resident-id",
                                                              "documentNumber": resident_id(first + n)}, token, method="PUT")
        assert status == 200, answer
        tokens.append(token)
    return tokens


def item_code(base):
    _, items = call(base, "/api/v1/items?q=" + urllib.parse.quote(ITEM))
    return next(i for i in items["items"] if i["name"] == ITEM)["code"]
