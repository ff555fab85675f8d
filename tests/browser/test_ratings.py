"""好差评 in a real browser (issue 18 "Done when", first part), on the demo district: a citizen
served at a window of the 张槎 centre rates the visit 差评 on the window's evaluator (a device of
the hall, facing them); the hall's clerk finds the rectification, verifies it and writes the
result; the rater, signed in to 我的, sees the result and says whether they are satisfied."""
from selenium.webdriver.common.by import By

from conftest import register_kiosk
from test_cases import api, sign_in
from test_catalogue import arrive, submit_and_reload
from test_licences import token
from test_online_application import resident_id, sign_in_citizen

HALL = "ZCJD"
PHONES = {"sqlite": "13700018001", "postgres": "13700018002"}


def staff_of(base, passwords, username, **account):
    """A member of staff (`account`: displayName, staffNumber, role, hall or department) made by
    the administrator, who changed the password set for them; returns their own password."""
    admin = token(base, passwords, "admin")
    status, _ = api(base, "/api/v1/accounts", "POST", {"username": username, **account, "password": "initial-pass-1234"}, admin)
    assert status in (201, 409)
    signed = api(base, "/api/v1/session", "POST", {"username": username, "password": "initial-pass-1234"})[1]
    if "token" in signed:
        assert api(base, "/api/v1/session/password", "PUT", {"currentPassword": "initial-pass-1234", "newPassword": "own-pass-5678"},
                   signed["token"])[0] == 204
    return "own-pass-5678"


def clerk_of(base, passwords, hall, username):
    """A clerk of `hall`, with their own password."""
    return staff_of(base, passwords, username, displayName="张槎综合窗口黄工", staffNumber="ZC1001", role="clerk", hall=hall)


def test_a_visit_rated_badly_is_rectified_and_the_rater_answers(any_server, browser, sms_gateway):
    database, base, passwords = any_server
    PHONE = PHONES[database]
    password = clerk_of(base, passwords, HALL, "zhangcha")
    clerk = api(base, "/api/v1/session", "POST", {"username": "zhangcha", "password": password})[1]["token"]
    holder = resident_id("44060419880315003")

    # The evaluator at window 1: a device of the hall, registered once by the administrator.
    evaluator = f"{base}/halls/{HALL}/windows/1/evaluator"
    browser.delete_all_cookies()
    browser.get(evaluator)
    assert "本设备尚未登记" in browser.page_source
    device = register_kiosk(base, passwords, HALL)
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    browser.find_element(By.ID, "token").send_keys(device)
    browser.find_element(By.CSS_SELECTOR, "details button[type=submit]").click()
    arrive(browser, f"/halls/{HALL}/kiosk")
    browser.get(evaluator)
    assert browser.find_elements(By.ID, "evaluator-waiting")

    # The visit: a ticket issued, called, served and finished at window 1.
    status, ticket = api(base, f"/api/v1/halls/{HALL}/tickets", "POST",
                         {"queue": "social", "documentType": "resident-id", "documentNumber": holder}, device)
    assert status == 201, ticket
    for _ in range(50):
        status, called = api(base, "/api/v1/windows/1/call-next", "POST", {}, clerk)
        assert status == 200, called
        action = "start" if called["id"] == ticket["id"] else "no-show"
        if action == "no-show":
            api(base, f"/api/v1/tickets/{called['id']}/actions/no-show", "POST", {"window": "1"}, clerk)
            continue
        assert api(base, f"/api/v1/tickets/{ticket['id']}/actions/start", "POST", {"window": "1"}, clerk)[0] == 200
        assert api(base, f"/api/v1/tickets/{ticket['id']}/actions/finish", "POST", {"window": "1"}, clerk)[0] == 200
        break

    # The citizen rates it at the window: 非常不满意, with a reason.
    browser.get(evaluator)
    assert "ZC1001" in browser.find_element(By.ID, "name-card").text
    browser.find_element(By.CSS_SELECTOR, "input[name=level][value='1']").click()
    submit_and_reload(browser, browser.find_element(By.ID, "evaluate"))
    assert "差评请选择或填写不满意的原因" in browser.find_element(By.ID, "evaluator-problems").text
    browser.find_element(By.CSS_SELECTOR, "input[name=reason][value=attitude]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=level][value='1']").click()
    submit_and_reload(browser, browser.find_element(By.ID, "evaluate"))
    assert "谢谢您的评价" in browser.find_element(By.ID, "evaluator-thanks").text

    # The hall's clerk: 差评整改 → 核实 → 整改 and 反馈.
    sign_in(browser, base, "zhangcha", password)
    browser.get(base + "/rectifications")
    browser.find_element(By.CSS_SELECTOR, "#rectifications tbody a").click()
    arrive(browser, "/rectifications/")
    assert "非常不满意：服务态度差" in browser.find_element(By.ID, "rectification-rating").text
    browser.find_element(By.ID, "verify-text").send_keys("已电话联系评价人，情况属实")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#verify button[type=submit]"))
    browser.find_element(By.ID, "rectify-text").send_keys("已对当班人员批评教育，并组织文明服务培训")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#rectify button[type=submit]"))
    assert browser.find_element(By.ID, "rectification-state").get_attribute("data-state") == "feedback"

    # The rater: their account verified at a window, 我的 shows the result; they answer it.
    cookie = sign_in_citizen(browser, base, sms_gateway, PHONE, "黄敏", holder)
    sign_in(browser, base, "zhangcha", password)
    browser.get(base + "/citizens/verify")
    browser.find_element(By.ID, "phone").send_keys(PHONE)
    browser.find_element(By.ID, "name").send_keys("黄敏")
    browser.find_element(By.ID, "documentNumber").send_keys(holder)
    browser.find_element(By.CSS_SELECTOR, "form[action='/citizens/verify'] button").click()
    assert "实名（核验）" in browser.find_element(By.ID, "verified").text
    browser.delete_all_cookies()
    browser.get(base + "/")
    browser.add_cookie({"name": "onedoor_citizen", "value": cookie["value"], "path": "/"})
    browser.get(base + "/me")
    ratings = browser.find_element(By.ID, "my-ratings").text
    assert "非常不满意" in ratings and "已反馈，待评价人确认" in ratings and "文明服务培训" in ratings
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "form.rating-answer button[type=submit]"))
    assert "已办结" in browser.find_element(By.ID, "my-ratings").text
