"""A citizen on a phone-sized window (issue 15 §1, §2): signs in with the code that the SMS
gateway double received from the server, declares their real name, and — once a clerk has
accepted a case under their ID and verified them — follows it in 我的."""
import json
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_cases import api, sign_in
from test_catalogue import arrive, shot, submit_and_reload

PHONE = "13912345678"


def code_sent_to(gateway, phone, after=0):
    """The newest sign-in code the gateway double delivered to `phone` (waiting for the retries
    of a double that refuses every third request)."""
    deadline = time.time() + 20
    while time.time() < deadline:
        messages = json.loads(urllib.request.urlopen(gateway + "/messages").read())["messages"]
        codes = [m for m in messages if m["to"] == phone and "验证码" in m["text"]]
        if len(codes) > after:
            return "".join(ch for ch in codes[-1]["text"] if ch.isdigit())[:6], len(codes)
        time.sleep(0.2)
    raise AssertionError(f"no code reached {phone}")


def test_citizen_signs_in_on_a_phone_and_sees_their_cases(server, browser, sms_gateway):
    base, passwords = server
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    try:
        browser.get(base + "/me")
        arrive(browser, "/citizen/login")
        browser.find_element(By.ID, "phone").send_keys(PHONE)
        browser.find_element(By.CSS_SELECTOR, "#code-form button[type=submit]").click()
        arrive(browser, "/citizen/code")
        # The code reaches the phone through the gateway, not the page.
        code, seen = code_sent_to(sms_gateway, PHONE)
        assert code not in browser.page_source
        assert "139****5678" in browser.find_element(By.CSS_SELECTOR, "p.notice").text
        browser.find_element(By.ID, "code").send_keys(code)
        browser.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()
        arrive(browser, "/me")
        assert browser.find_element(By.ID, "real-name").text == "未实名"
        # Nothing overflows the phone's width.
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(browser, "citizen-me")

        browser.find_element(By.ID, "name").send_keys("张三")
        browser.find_element(By.ID, "documentNumber").send_keys("44011320141005001X")
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/me/real-name'] button"))
        assert browser.find_element(By.ID, "real-name").text == "实名（自报）"
        assert browser.find_elements(By.ID, "no-cases")

        # A clerk accepts a case under the same ID at a window (through the API here).
        _, session = api(base, "/api/v1/session", "POST", {"username": "chuangkou", "password": passwords["chuangkou"]})
        token = session["token"]
        _, items = api(base, "/api/v1/items?q=" + urllib.request.quote("食品经营许可"))
        item = next(i for i in items["items"] if i["name"] == "食品经营许可")["code"]
        _, guide = api(base, f"/api/v1/items/{item}")
        materials = [{"name": m["name"], "received": True} for m in guide["guide"]["materials"]]
        status, created = api(base, "/api/v1/cases", "POST", {
            "item": item, "outcome": "accept", "materials": materials,
            "applicant": {"person": {"name": "张三", "documentType": "resident-id", "documentNumber": "44011320141005001X", "phone": PHONE}},
        }, token)
        assert status == 201, created
        number = created["case"]["number"]
        # The applicant's phone got the acceptance SMS, with the case number.
        deadline = time.time() + 20
        while time.time() < deadline:
            messages = json.loads(urllib.request.urlopen(sms_gateway + "/messages").read())["messages"]
            if any(m["to"] == PHONE and number in m["text"] for m in messages):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("no acceptance SMS reached the applicant")

        # At a window, the clerk sees the citizen and their ID card and verifies the account.
        citizen_cookie = browser.get_cookie("onedoor_citizen")
        sign_in(browser, base, "chuangkou", passwords["chuangkou"])
        browser.get(base + "/citizens/verify")
        browser.find_element(By.ID, "phone").send_keys(PHONE)
        browser.find_element(By.ID, "name").send_keys("张三")
        browser.find_element(By.ID, "documentNumber").send_keys("44011320141005001X")
        browser.find_element(By.CSS_SELECTOR, "form[action='/citizens/verify'] button").click()
        assert "实名（核验）" in browser.find_element(By.ID, "verified").text

        # Back on the phone: the case accepted at the window is in 我的, with its steps.
        browser.delete_all_cookies()
        browser.get(base + "/")
        browser.add_cookie({"name": "onedoor_citizen", "value": citizen_cookie["value"], "path": "/"})
        browser.get(base + "/me")
        assert browser.find_element(By.ID, "real-name").text == "实名（核验）"
        browser.find_element(By.CSS_SELECTOR, f"#my-cases a[href='/me/cases/{number}']").click()
        arrive(browser, f"/me/cases/{number}")
        assert "受理" in browser.find_element(By.ID, "progress-steps").text
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(browser, "citizen-case")
        browser.get(base + "/me")

        # Signed out and in again: a new code, the old one no longer works.
        browser.find_element(By.CSS_SELECTOR, "form[action='/citizen/logout'] button").click()
        WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.LINK_TEXT, "群众登录"))
        browser.get(base + "/citizen/login")
        browser.find_element(By.ID, "phone").send_keys(PHONE)
        # One code a minute per phone: the page says so, and keeps the code field.
        browser.find_element(By.CSS_SELECTOR, "#code-form button[type=submit]").click()
        arrive(browser, "/citizen/code")
        assert "秒后再重新获取" in browser.find_element(By.ID, "citizen-error").text
        browser.find_element(By.ID, "code").send_keys(code)
        browser.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()
        arrive(browser, "/citizen/login")
        assert "验证码错误或已过期" in browser.find_element(By.ID, "citizen-error").text
    finally:
        browser.set_window_size(1280, 900)
        browser.delete_all_cookies()
