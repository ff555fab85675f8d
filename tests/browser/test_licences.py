"""一次采集、反复使用 end to end (issue 16 "Done when"), on the demo district: a citizen whose
enterprise got its 营业执照 as an electronic licence (企业设立登记 concluded by the market
regulator, signed) applies online for 食品经营许可 and is not asked for the licence again — it is
offered as 已有 and given by reference; the licence's QR code, read by zbarimg, opens the public
verification page, which says valid, and revoked after the department revokes it; 我的 lists who
used the data and why; `onedoor audit verify` passes and, after a row of the audit log is
altered in the database, names that row."""
import datetime
import sqlite3
import subprocess
import tempfile
import pathlib
import urllib.parse

from selenium.webdriver.common.by import By

import conftest
from conftest import BINARY
from test_cases import api
from test_catalogue import arrive, shot, submit_and_reload
from test_online_application import as_citizen, check_character, resident_id, sample_files, sign_in_citizen, upload

PHONE = "13788889999"
NAME = "陈七"
FACE = {"name": "佛山市禅城区陈七餐饮有限公司", "type": "有限责任公司（自然人独资）", "legalRepresentative": NAME, "capital": "50 万元人民币",
        "established": "2026年9月1日", "address": "佛山市禅城区祖庙路 8 号", "scope": "餐饮服务；食品销售"}


def item_code(base, name):
    _, items = api(base, "/api/v1/items?q=" + urllib.parse.quote(name))
    return next(i for i in items["items"] if i["name"] == name)["code"]


def token(base, passwords, username):
    return api(base, "/api/v1/session", "POST", {"username": username, "password": passwords[username]})[1]["token"]


def read_qr(browser, folder):
    png = folder / "licence.png"
    # Tall enough for the whole licence, as the receipt's QR code is read in test_cases.
    browser.set_window_size(700, 1600)
    browser.save_screenshot(str(png))
    browser.set_window_size(1280, 900)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert decoded.returncode == 0, decoded.stderr
    return decoded.stdout.strip()


def test_a_business_licence_is_reused_verified_revoked_and_every_use_recorded(server, browser, sms_gateway):
    base, passwords = server
    folder = pathlib.Path(tempfile.mkdtemp(prefix="onedoor-licence-"))
    number = resident_id("44060419850505123")
    uscc = "91440604MA4UK5678" + check_character("91440604MA4UK5678")
    clerk, undertaker, reviewer, chief = (token(base, passwords, u) for u in ("chuangkou", "chengban", "shenhe", "shichang"))
    try:
        # The citizen signs in, registers the enterprise; a clerk verifies both at a window.
        citizen = sign_in_citizen(browser, base, sms_gateway, PHONE, NAME, number)
        assert api(base, "/api/v1/citizen-accounts/verification", "POST",
                   {"phone": PHONE, "name": NAME, "documentType": "resident-id", "documentNumber": number}, clerk)[0] == 200
        as_citizen(browser, base, citizen, "/me")
        browser.find_element(By.ID, "uscc").send_keys(uscc)
        browser.find_element(By.ID, "enterpriseName").send_keys(FACE["name"])
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#register-enterprise button"))
        assert api(base, "/api/v1/enterprise-accounts/verification", "POST", {"uscc": uscc, "phone": PHONE}, clerk)[0] == 200

        # 企业设立登记 at the district centre's window, decided and concluded by the market regulator:
        # the 营业执照 is issued, signed, in the same step.
        code = item_code(base, "企业设立登记")
        _, guide = api(base, f"/api/v1/items/{code}")
        materials = [{"name": m["name"], "received": True, "pages": 2} for m in guide["guide"]["materials"]]
        status, opened = api(base, "/api/v1/cases", "POST", {"item": code, "window": "1", "materials": materials, "outcome": "accept",
                                                             "applicant": {"person": {"name": NAME, "documentType": "resident-id",
                                                                                      "documentNumber": number, "phone": PHONE}}}, clerk)
        assert status == 201, opened
        case = opened["case"]["number"]
        for action, who, body in [("undertake", undertaker, {"opinion": "材料齐全，拟准予设立登记"}), ("review", reviewer, {"opinion": "同意"}),
                                  ("decide", chief, {"granted": True, "opinion": "准予设立登记"})]:
            assert api(base, f"/api/v1/cases/{case}/actions/{action}", "POST", body, who)[0] == 200
        status, answer = api(base, f"/api/v1/cases/{case}/actions/conclude", "POST",
                             {"opinion": "核发营业执照", "licence": {"holderCode": uscc, "holderName": FACE["name"], "fields": FACE}}, undertaker)
        assert status == 200, answer
        _, issued = api(base, "/api/v1/departments/SCJG/licences", token=undertaker)
        licence = next(i["licence"]["identifier"] for i in issued["items"] if i["licence"]["holder"]["code"] == uscc)

        # 我的证照: the licence, printable, with the QR code of its public verification page.
        as_citizen(browser, base, citizen, "/me/licences")
        assert licence in browser.find_element(By.ID, "licence-list").text
        browser.find_element(By.CSS_SELECTOR, f"#licence-list a[href$='{licence}']").click()
        arrive(browser, "/me/licences/")
        assert browser.find_element(By.ID, "licence-standing").text == "有效"
        shot(browser, "licence")
        url = read_qr(browser, folder)
        assert url == f"{base}/licences/{licence}"
        browser.delete_all_cookies()
        browser.get(url)
        assert browser.find_element(By.ID, "licence-standing").text == "有效"
        assert FACE["scope"] in browser.find_element(By.ID, "licence-face").text

        # 我的材料: the licence is among what applications can take instead of an upload (grade A).
        as_citizen(browser, base, citizen, "/me/materials")
        held = browser.find_element(By.ID, "material-list").text
        assert licence in held and "A 级" in held

        # 食品经营许可 online, for the enterprise: the 营业执照 is offered as 已有 and given by reference.
        food = item_code(base, "食品经营许可")
        as_citizen(browser, base, citizen, f"/me/apply/{food}")
        browser.find_element(By.CSS_SELECTOR, "input[name=for][value=enterprise]").click()
        browser.find_element(By.ID, "start-application").click()
        arrive(browser, "/me/applications/WS")
        application = browser.current_url.split("/me/applications/")[1].split("?")[0].split("#")[0]
        names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#material-slots > li > strong")]
        business = names.index("营业执照")
        assert licence in browser.find_element(By.ID, f"offered-{business}").text
        submit_and_reload(browser, browser.find_element(By.ID, f"reuse-{business}"))
        slot = browser.find_element(By.ID, f"material-{business}")
        assert "已有，免提交" in slot.text and not slot.find_elements(By.CSS_SELECTOR, "input[type=file]")
        pdf, _, _ = sample_files()
        for index, name in enumerate(names):
            if index != business and browser.find_element(By.ID, f"material-{index}").find_elements(By.CSS_SELECTOR, "input[type=file]"):
                upload(browser, index, pdf)
        browser.find_element(By.CSS_SELECTOR, "#delivery-form input[value=electronic]").click()
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#delivery-form button[type=submit]"))
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#submit-form button[type=submit]"))
        assert "待预审" in browser.page_source
        shot(browser, "licence-reused")

        # Pre-review accepts it (the hall's clerk, or the department where it reviews the item itself).
        reviewer_token = clerk
        if api(base, f"/api/v1/pre-reviews/{application}", token=clerk)[0] != 200:
            reviewer_token = undertaker
        status, decided = api(base, f"/api/v1/pre-reviews/{application}/decision", "POST", {"decision": "accept", "dueDates": [
            {"material": i, "date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()} for i in range(len(names))
            if i != business]}, reviewer_token)
        assert status == 200, decided
        food_case = decided["caseNumber"]
        _, record = api(base, f"/api/v1/cases/{food_case}", token=reviewer_token)
        assert record["case"]["materials"][business]["received"]

        # The department revokes the 营业执照: the page the QR code opens says so at once.
        assert api(base, f"/api/v1/licences/{licence}/actions/revoke", "POST", {"reason": "提交虚假材料取得登记，依法撤销"}, undertaker)[0] == 200
        browser.delete_all_cookies()
        browser.get(url)
        assert browser.find_element(By.ID, "licence-standing").text == "已注销（吊销）"
        assert "依法撤销" in browser.find_element(By.ID, "licence-reason").text

        # 我的: who used the data, and why — unit and staff number, no names.
        as_citizen(browser, base, citizen, "/me/data-use")
        uses = browser.find_element(By.ID, "data-use").text
        assert "受理时调用已有材料：营业执照" in uses and food_case in uses and "综合窗口陈工" not in uses
        shot(browser, "data-use")
    finally:
        browser.delete_all_cookies()

    # The logs' hash chains: whole; then one audit entry altered in the database is named.
    data = conftest.SERVER_DATA
    verified = subprocess.run([BINARY, "audit", "verify", "--data-dir", data, "--seal"], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "审计日志：" in verified.stdout and "条完整" in verified.stdout
    db = sqlite3.connect(f"{data}/onedoor.sqlite", timeout=30)
    victim, detail = db.execute("SELECT id, detail FROM audit_log WHERE chain_seq = 3").fetchone()
    db.execute("UPDATE audit_log SET detail = ? WHERE id = ?", (detail + "（改）", victim))
    db.commit()
    try:
        altered = subprocess.run([BINARY, "audit", "verify", "--data-dir", data], capture_output=True, text=True)
        assert altered.returncode == 1 and f"（id {victim}）被改动" in altered.stdout, altered.stdout
    finally:
        db.execute("UPDATE audit_log SET detail = ? WHERE id = ?", (detail, victim))
        db.commit()
        db.close()
