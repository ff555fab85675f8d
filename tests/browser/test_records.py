"""一次采集、反复使用 at a window in a real browser (issue 16 §1, §2): an enterprise comes back; the
clerk calls it up by its code, sees its base record with where each value came from, sees the
营业执照 it left last time offered as 已有，免提交, ticks it with the applicant's consent, and the
case takes it by reference; the applicant's record page shows the record and what is held."""
import random

from selenium.webdriver.common.by import By

from test_cases import api, ensure_calendar_reaches_ahead, sign_in
from test_catalogue import arrive, shot, submit_and_reload
from test_licences import item_code, token
from test_online_application import check_character


def test_a_returning_enterprise_is_not_asked_for_its_licence_again(server, browser):
    base, passwords = server
    ensure_calendar_reaches_ahead(base, passwords)
    first17 = "91440604MA" + "".join(random.choice("0123456789") for _ in range(7))
    uscc = first17 + check_character(first17)
    name = "佛山市禅城区回头客餐饮有限公司"
    clerk = token(base, passwords, "chuangkou")
    food = item_code(base, "食品经营许可")
    _, guide = api(base, f"/api/v1/items/{food}")
    names = [m["name"] for m in guide["guide"]["materials"]]
    business = names.index("营业执照")

    # Last time: every paper received, the 营业执照 seen in the original; the phone said then.
    materials = [{"name": n, "received": True, "original": True, "pages": 1} for n in names]
    status, first = api(base, "/api/v1/cases", "POST", {"item": food, "window": "1", "materials": materials, "outcome": "accept",
                                                         "applicant": {"enterprise": {"name": name, "uscc": uscc, "legalRepresentative": "陈美玲",
                                                                                      "phone": "0757-83001234"}}}, clerk)
    assert status == 201, first
    first_case = first["case"]["number"]

    # Today, at the window: called up by its code.
    sign_in(browser, base, "chuangkou", passwords["chuangkou"])
    browser.get(f"{base}/cases/new?item={food}&lookup={uscc}")
    record = browser.find_element(By.ID, "record-title").find_element(By.XPATH, "..").text
    assert name in record and "窗口采集" in record and "已核验" in record
    offer = browser.find_element(By.CSS_SELECTOR, f"input[name='m{business}.reuse']")
    assert not offer.is_selected()
    row = offer.find_element(By.XPATH, "ancestor::tr").text
    assert "已有，免提交" in row and first_case in row
    shot(browser, "intake-record")

    # The applicant agrees; the other papers are received; accepted.
    offer.click()
    for index, _ in enumerate(names):
        if index != business:
            box = browser.find_element(By.CSS_SELECTOR, f"input[name='m{index}.received']")
            if not box.is_selected():
                box.click()
    window = browser.find_element(By.ID, "window")
    window.clear()
    window.send_keys("1")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#intake button[type=submit]"))
    arrive(browser, "/cases/")
    assert "已有材料免提交：营业执照" in browser.page_source

    # The applicant's record from the case: sources, and the 营业执照 held.
    browser.find_element(By.ID, "applicant-record").click()
    arrive(browser, "/applicant-record")
    table = browser.find_element(By.ID, "record").text
    assert "0757-83001234" in table and "窗口采集" in table
    assert "营业执照" in browser.find_element(By.ID, "held").text
    shot(browser, "applicant-record")
