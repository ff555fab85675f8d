"""网上办事 end to end (issue 15 "Done when"): on a phone-sized window a citizen signs in with the
code the SMS gateway double received, applies for a depth-Ⅳ item (全程网办) with uploads and
post as the delivery, is asked for a correction, uploads it and resubmits; the clerk accepts
online, the chief representative decides; the citizen gets the SMS and the e-mail and sees the
case in 我的 with 0 trips."""
import datetime
import struct
import zlib
import json
import os
import tempfile
import time
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_cases import api, ensure_calendar_reaches_ahead, sign_in
from test_catalogue import arrive, shot, submit_and_reload
from test_citizens import code_sent_to

PHONE = "13722223333"
EMAIL = "zhang.online@example.cn"
ITEM = "食品经营许可变更"


def photo_png(width, height):
    """A real PNG (a page of grey stripes on white), as a phone's photograph of a licence would be."""
    rows = b"".join(b"\x00" + bytes((40 if (y // 20) % 2 else 250,) * 3 * width) for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def sample_files():
    """A small PDF and a PNG, as a phone would upload them."""
    directory = tempfile.mkdtemp(prefix="onedoor-uploads-")
    pdf = os.path.join(directory, "申请书.pdf")
    with open(pdf, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    png = os.path.join(directory, "许可证.png")
    with open(png, "wb") as f:
        f.write(photo_png(900, 600))
    fixed = os.path.join(directory, "申请书-盖章.pdf")
    with open(fixed, "wb") as f:
        f.write(b"%PDF-1.4\n% stamped\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return pdf, png, fixed


def sms_to(gateway, phone, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        messages = json.loads(urllib.request.urlopen(gateway + "/messages").read())["messages"]
        found = [m for m in messages if m["to"] == phone and text in m["text"]]
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no SMS with {text!r} reached {phone}")


def mail_to(log, address, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(log):
            with open(log, encoding="utf-8") as f:
                mails = [json.loads(line) for line in f if line.strip()]
            found = [m for m in mails if address in json.dumps(m, ensure_ascii=False) and text in json.dumps(m, ensure_ascii=False)]
            if found:
                return found
        time.sleep(0.2)
    raise AssertionError(f"no e-mail with {text!r} reached {address}")


def upload(browser, index, path):
    slot = browser.find_element(By.ID, f"material-{index}")
    slot.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(path)
    submit_and_reload(browser, slot.find_element(By.CSS_SELECTOR, "form.upload button"))
    arrive(browser, f"#material-{index}")


def test_citizen_applies_online_is_corrected_and_gets_the_result_with_no_trip(server, browser, sms_gateway, mail_server):
    base, passwords = server
    _, _, mail_log = mail_server
    ensure_calendar_reaches_ahead(base, passwords)
    pdf, png, fixed = sample_files()
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    try:
        # Signed in by the code the phone received; real name and e-mail in 我的.
        sign_in_citizen(browser, base, sms_gateway, PHONE, "张三", "44011320141005001X")
        assert browser.find_element(By.ID, "real-name").text == "实名（自报）"
        browser.find_element(By.ID, "email").send_keys(EMAIL)
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/me/email'] button"))

        # The guide of a 全程网办 item offers 在线办理.
        _, items = api(base, "/api/v1/items?q=" + urllib.parse.quote(ITEM))
        item = next(i for i in items["items"] if i["name"] == ITEM)["code"]
        browser.get(base + f"/items/{item}")
        browser.find_element(By.ID, "apply-online").click()
        arrive(browser, f"/me/apply/{item}")
        assert "全程网办" in browser.page_source
        browser.find_element(By.ID, "start-application").click()
        arrive(browser, "/me/applications/WS")
        application = browser.current_url.split("/me/applications/")[1].split("?")[0].split("#")[0]
        assert browser.find_element(By.ID, "application-state").text == "草稿"
        # Depth Ⅳ: no pick-up offered.
        assert not browser.find_elements(By.CSS_SELECTOR, "input[name=method][value=pickup]")

        # Each material is an upload slot; a PNG named .pdf would be refused (checked in the API tests).
        upload(browser, 0, pdf)
        upload(browser, 1, png)
        # Submitting too early names what is missing, all at once.
        submit_and_reload(browser, browser.find_element(By.ID, "submit-application"))
        problems = browser.find_element(By.ID, "application-problems").text
        assert "与变更事项有关的材料" in problems and "送达方式" in problems
        upload(browser, 2, pdf)
        browser.find_element(By.CSS_SELECTOR, "input[name=method][value=post]").click()
        browser.find_element(By.ID, "recipientPhone").send_keys(PHONE)
        browser.find_element(By.ID, "address").send_keys("佛山市禅城区岭南大道北 18 号")
        browser.find_element(By.CSS_SELECTOR, "#delivery-form button").click()
        arrive(browser, "#submit")
        assert "邮寄送达" in browser.find_element(By.ID, "delivery-choice").text
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(browser, "online-application")
        browser.find_element(By.ID, "submit-application").click()
        arrive(browser, "submitted=1")
        assert browser.find_element(By.ID, "application-state").text == "待预审"
        sms_to(sms_gateway, PHONE, "已提交")
        mail_to(mail_log, EMAIL, application)
        citizen_cookie = browser.get_cookie("onedoor_citizen")

        # The hall's clerk pre-reviews: the form is not stamped — 补齐补正, said once.
        browser.set_window_size(1280, 900)
        sign_in(browser, base, "chuangkou", passwords["chuangkou"])
        browser.get(base + "/pre-reviews")
        browser.find_element(By.LINK_TEXT, application).click()
        arrive(browser, f"/pre-reviews/{application}")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#review-materials a[target=_blank]:not(.thumb)")) == 3
        # The photographed page shows as a thumbnail the browser really decodes (ADR 0031).
        pictures = browser.find_elements(By.CSS_SELECTOR, "#review-materials a.thumb img")
        assert len(pictures) == 1
        browser.execute_script("arguments[0].scrollIntoView()", pictures[0])
        WebDriverWait(browser, 10).until(lambda b: b.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", pictures[0]))
        assert browser.execute_script("return Math.max(arguments[0].naturalWidth, arguments[0].naturalHeight)", pictures[0]) <= 320
        browser.find_element(By.ID, "defect0").send_keys("申请书未盖章，请上传盖章后的扫描件")
        browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=correction]").click()
        browser.find_element(By.ID, "decide").click()
        arrive(browser, "/pre-reviews?done=")
        sms_to(sms_gateway, PHONE, "未盖章")

        # Back on the phone: the notice, the fix, the resubmission.
        browser.set_window_size(390, 844)
        browser.delete_all_cookies()
        browser.get(base + "/")
        browser.add_cookie({"name": "onedoor_citizen", "value": citizen_cookie["value"], "path": "/"})
        browser.get(base + f"/me/applications/{application}")
        assert "未盖章" in browser.find_element(By.ID, "correction-notice").text
        submit_and_reload(browser, browser.find_element(By.ID, "submit-application"))
        assert "请按补正告知重新上传" in browser.find_element(By.ID, "application-problems").text
        upload(browser, 0, fixed)
        browser.find_element(By.ID, "submit-application").click()
        arrive(browser, "submitted=1")
        assert browser.find_element(By.ID, "application-state").text == "待预审"

        # The clerk accepts online: a case, with the uploads as its documents.
        browser.set_window_size(1280, 900)
        sign_in(browser, base, "chuangkou", passwords["chuangkou"])
        browser.get(base + f"/pre-reviews/{application}")
        browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=accept]").click()
        browser.find_element(By.ID, "opinion").send_keys("材料齐全，网上受理")
        browser.find_element(By.ID, "decide").click()
        arrive(browser, "/cases/CCZX-")
        number = browser.current_url.split("/cases/")[1].split("?")[0]
        assert browser.find_element(By.ID, "case-state").text == "已受理"
        assert len(browser.find_elements(By.CSS_SELECTOR, "#case-documents a")) == 4

        # The chief representative decides at once (首席代表).
        sign_in(browser, base, "shichang", passwords["shichang"])
        browser.get(base + f"/cases/{number}")
        browser.find_element(By.CSS_SELECTOR, "input[name=granted][value=true]").click()
        browser.find_element(By.ID, "decide-opinion").send_keys("准予变更")
        browser.find_element(By.ID, "decide-opinion").find_element(By.XPATH, "./ancestor::form").submit()
        arrive(browser, "done=action")
        assert browser.find_element(By.ID, "case-state").text == "已决定"

        # Told by SMS and by e-mail.
        sms_to(sms_gateway, PHONE, f"准予决定（办件号{number}）")
        mail_to(mail_log, EMAIL, number)

        # 我的: the case, by post, with no trip at all.
        browser.set_window_size(390, 844)
        browser.delete_all_cookies()
        browser.get(base + "/")
        browser.add_cookie({"name": "onedoor_citizen", "value": citizen_cookie["value"], "path": "/"})
        browser.get(base + "/me")
        browser.find_element(By.CSS_SELECTOR, f"#my-cases a[href='/me/cases/{number}']").click()
        arrive(browser, f"/me/cases/{number}")
        assert browser.find_element(By.ID, "progress-state").text == "已决定"
        assert browser.find_element(By.ID, "progress-trips").text == "0 次（零跑腿）"
        assert browser.find_element(By.ID, "progress-delivery").text == "邮寄送达"
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(browser, "online-case")
    finally:
        browser.set_window_size(1280, 900)
        browser.delete_all_cookies()


def sign_in_citizen(browser, base, gateway, phone, name, number):
    browser.delete_all_cookies()
    browser.get(base + "/citizen/login")
    browser.find_element(By.ID, "phone").send_keys(phone)
    browser.find_element(By.CSS_SELECTOR, "#code-form button[type=submit]").click()
    arrive(browser, "/citizen/code")
    code, _ = code_sent_to(gateway, phone)
    browser.find_element(By.ID, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()
    arrive(browser, "/me")
    if browser.find_elements(By.ID, "documentNumber"):
        browser.find_element(By.ID, "name").send_keys(name)
        browser.find_element(By.ID, "documentNumber").send_keys(number)
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/me/real-name'] button"))
    return browser.get_cookie("onedoor_citizen")


def as_citizen(browser, base, cookie, path):
    browser.delete_all_cookies()
    browser.get(base + "/")
    browser.add_cookie({"name": "onedoor_citizen", "value": cookie["value"], "path": "/"})
    browser.get(base + path)


def test_an_agent_authorised_by_the_legal_representative_applies_for_the_enterprise(server, browser, sms_gateway):
    base, passwords = server
    browser.set_window_size(390, 844)
    uscc = "91440604MA4UJ1234" + check_character("91440604MA4UJ1234")
    try:
        agent = sign_in_citizen(browser, base, sms_gateway, "13755556666", "李四", "11010519491231002X")
        representative = sign_in_citizen(browser, base, sms_gateway, "13766667777", "王五", resident_id("44060419800101123"))
        # The legal representative registers the enterprise and authorises the agent in 我的.
        as_citizen(browser, base, representative, "/me")
        browser.find_element(By.ID, "uscc").send_keys(uscc)
        browser.find_element(By.ID, "enterpriseName").send_keys("佛山市某某餐饮有限公司")
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#register-enterprise button"))
        assert "法定代表人" in browser.find_element(By.ID, "my-enterprises").text
        browser.find_element(By.CSS_SELECTOR, "#my-enterprises details summary").click()
        form = browser.find_element(By.CSS_SELECTOR, "#my-enterprises form.grant-form")
        form.find_element(By.NAME, "agentPhone").send_keys("13755556666")
        form.find_element(By.NAME, "agentName").send_keys("李四")
        ends = (datetime.date.today() + datetime.timedelta(days=90))
        browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "endsOn"), ends.isoformat())
        submit_and_reload(browser, form.find_element(By.CSS_SELECTOR, "button"))
        assert "经办人 李四 137****6666" in browser.find_element(By.ID, "my-enterprises").text

        # The agent applies for the enterprise from the guide.
        _, items = api(base, "/api/v1/items?q=" + urllib.parse.quote(ITEM))
        item = next(i for i in items["items"] if i["name"] == ITEM)["code"]
        as_citizen(browser, base, agent, f"/me/apply/{item}")
        assert "经办人" in browser.find_element(By.ID, "enterprise").text
        browser.find_element(By.CSS_SELECTOR, "input[name=for][value=enterprise]").click()
        browser.find_element(By.ID, "start-application").click()
        arrive(browser, "/me/applications/WS")
        assert "佛山市某某餐饮有限公司" in browser.page_source and "代办人：李四" in browser.page_source
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(browser, "enterprise-application")
    finally:
        browser.set_window_size(1280, 900)
        browser.delete_all_cookies()


def resident_id(first17):
    """A resident ID (GB 11643) with its check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def check_character(first17):
    """The check character of a unified social credit code (GB 32100)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights))
    return alphabet[(31 - total % 31) % 31]
