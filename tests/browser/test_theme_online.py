"""一件事网上申报 in a real browser (issue 17 §2, ADR 0039), on the demo district: a new resident
answers the questions of 新市民居住 on its guide, applies online for the whole theme with one
upload per line of the merged list, and submits once; the hall's clerk accepts it in pre-review,
which opens the theme case with every item; the applicant follows the whole from 我的 on the
theme's one progress page."""
from selenium.webdriver.common.by import By

from test_cases import ensure_calendar_reaches_ahead, sign_in
from test_catalogue import arrive, submit_and_reload
from test_online_application import resident_id, sample_files, sign_in_citizen, upload

PHONE = "13700017001"


def test_a_new_resident_applies_online_for_the_whole_theme(server, browser, sms_gateway):
    base, passwords = server
    ensure_calendar_reaches_ahead(base, passwords)
    pdf, _, _ = sample_files()
    try:
        browser.set_window_size(390, 844)
        sign_in_citizen(browser, base, sms_gateway, PHONE, "罗新", resident_id("44010619900405103"))
        # The guide offers 网上申报 once every question is answered.
        browser.get(base + "/themes/YJS009")
        assert not browser.find_elements(By.ID, "theme-apply")
        for radio in browser.find_elements(By.CSS_SELECTOR, ".theme-questions input[type=radio][value=yes]"):
            radio.click()
        submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, ".theme-questions button[type=submit]"))
        items = [row.find_elements(By.TAG_NAME, "td")[1].text.split("\n")[0] for row in browser.find_elements(By.CSS_SELECTOR, "table.theme-items tbody tr")]
        assert len(items) >= 3
        browser.find_element(By.ID, "theme-apply").click()
        arrive(browser, "/me/themes/YJS009/apply")
        listed = browser.find_element(By.CSS_SELECTOR, "ol.theme-apply-items").text
        assert all(name in listed for name in items)
        browser.find_element(By.CSS_SELECTOR, "#hall option[value=CCZX]").click()
        browser.find_element(By.ID, "start-theme-application").click()
        arrive(browser, "/me/applications/WS")
        application = browser.current_url.split("/me/applications/")[1].split("?")[0].split("#")[0]
        assert f"共 {len(items)} 项" in browser.find_element(By.ID, "theme-items").text

        # One upload per line of the merged list, one delivery, one submission.
        slots = len(browser.find_elements(By.CSS_SELECTOR, "#material-slots > li"))
        assert 0 < slots
        for index in range(slots):
            upload(browser, index, pdf)
        browser.find_element(By.CSS_SELECTOR, "input[name=method][value=pickup]").click()
        browser.find_element(By.CSS_SELECTOR, "#delivery-form button").click()
        arrive(browser, "#submit")
        browser.find_element(By.ID, "submit-application").click()
        arrive(browser, "submitted=1")
        assert browser.find_element(By.ID, "application-state").text == "待预审"
        citizen = browser.get_cookie("onedoor_citizen")

        # The hall's clerk accepts it: one theme case, every item in it.
        browser.set_window_size(1280, 900)
        sign_in(browser, base, "chuangkou", passwords["chuangkou"])
        browser.get(base + f"/pre-reviews/{application}")
        assert "新市民居住" in browser.page_source
        browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=accept]").click()
        browser.find_element(By.ID, "decide").click()
        arrive(browser, "/theme-cases/")
        number = browser.current_url.split("/theme-cases/")[1].split("?")[0]
        rows = browser.find_elements(By.CSS_SELECTOR, "#theme-children tbody tr")
        assert len(rows) == len(items)
        assert browser.find_element(By.ID, "theme-stage").get_attribute("data-stage") == "running"

        # The applicant follows the whole from 我的: the theme's one progress page.
        browser.set_window_size(390, 844)
        browser.delete_all_cookies()
        browser.get(base + "/")
        browser.add_cookie({"name": "onedoor_citizen", "value": citizen["value"], "path": "/"})
        browser.get(base + f"/me/applications/{application}")
        assert browser.find_element(By.ID, "application-state").text == "已受理"
        browser.find_element(By.ID, "case-link").click()
        arrive(browser, f"/progress/{number}")
        page = browser.page_source
        assert "新市民居住" in page and all(name in page for name in items)
    finally:
        browser.set_window_size(1280, 900)
        browser.delete_all_cookies()
