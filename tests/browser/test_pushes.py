"""推送办 end to end (issue 17 "Done when", second test), on the demo district: a mother's birth
certificate (出生医学证明首次签发) concluded by the health bureau pushes 户口登记 (出生登记) with the
law's one-month deadline — to her phone through the SMS gateway double, and to 为您推荐 in 我的,
where one tap starts the application; the supervisors' statistics count the push and its opening."""
import datetime
import json
import time
import urllib.request

from selenium.webdriver.common.by import By

from test_cases import api, ensure_calendar_reaches_ahead, sign_in
from test_catalogue import arrive, shot
from test_licences import item_code, token
from test_online_application import as_citizen, resident_id, sign_in_citizen
from test_themes import approvers, conclude

PHONE = "13700012345"
NAME = "陈小红"


def chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"


def test_a_birth_certificate_pushes_hukou_registration_with_its_deadline(server, browser, sms_gateway):
    base, passwords = server
    ensure_calendar_reaches_ahead(base, passwords)
    mother = resident_id("44060419950304124")  # the 17th digit even: a woman
    health = approvers(base, passwords, "WJJ", "weijian")

    # The mother signs in and declares who she is; a clerk verifies her at a window.
    clerk = token(base, passwords, "chuangkou")
    citizen = sign_in_citizen(browser, base, sms_gateway, PHONE, NAME, mother)
    assert api(base, "/api/v1/citizen-accounts/verification", "POST",
               {"phone": PHONE, "name": NAME, "documentType": "resident-id", "documentNumber": mother}, clerk)[0] == 200

    # The birth certificate, applied for at the window and concluded by the health bureau.
    code = item_code(base, "出生医学证明首次签发")
    _, guide = api(base, f"/api/v1/items/{code}")
    materials = [{"name": m["name"], "received": True, "pages": 1} for m in guide["guide"]["materials"]]
    status, opened = api(base, "/api/v1/cases", "POST", {"item": code, "window": "1", "materials": materials, "outcome": "accept",
                                                         "applicant": {"person": {"name": NAME, "documentType": "resident-id",
                                                                                  "documentNumber": mother, "phone": PHONE}}}, clerk)
    assert status == 201, opened
    case = opened["case"]["number"]
    conclude(base, case, health)

    # Her phone is told, with the deadline (one month from today, China time).
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
    deadline = chinese(today + datetime.timedelta(days=30))
    until = time.time() + 20
    while time.time() < until:
        messages = json.loads(urllib.request.urlopen(sms_gateway + "/messages").read())["messages"]
        pushed = [m for m in messages if m["to"] == PHONE and "出生登记" in m["text"]]
        if pushed:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("no push SMS reached the mother")
    assert f"请于{deadline}前办理" in pushed[-1]["text"], pushed[-1]["text"]

    # 为您推荐 in 我的: 出生登记 with its deadline; one tap starts the application.
    as_citizen(browser, base, citizen, "/me")
    recommendations = browser.find_element(By.ID, "my-recommendations")
    row = next(li for li in recommendations.find_elements(By.TAG_NAME, "li") if "出生登记" in li.text)
    assert f"请于{deadline}前办理" in row.text and "出生" in row.text
    shot(browser, "recommendations")
    row.find_element(By.LINK_TEXT, "去办理").click()
    arrive(browser, "/me/apply/")
    assert "出生登记" in browser.page_source

    # The supervisors see the rule's pushes and the one opened.
    sign_in(browser, base, "jiancha", passwords["jiancha"])
    browser.get(base + "/statistics/pushes")
    figures = browser.find_element(By.ID, "push-figures").text
    line = next(l for l in figures.splitlines() if "TS-CSYXZM" in l)
    assert "出生" in line
    shot(browser, "push-statistics")
