"""一件事一次办 in a real browser (issue 17 "Done when", first part), on the demo district: the
public guide of 我要开餐馆 shows days one after the other against in parallel and materials item
by item against once; a clerk at a town hall accepts it once with one form and the merged
material list; when the market regulator concludes 企业设立登记 with its electronic 营业执照, the
licence flows to 食品经营许可 and the children waiting for it start in parallel."""
import random

from selenium.webdriver.common.by import By

from test_cases import api, ensure_calendar_reaches_ahead, sign_in
from test_catalogue import arrive, shot, submit_and_reload
from test_licences import token
from test_online_application import check_character

FACE = {"name": "佛山市禅城区好味餐饮有限公司", "type": "有限责任公司（自然人独资）", "legalRepresentative": "陈大文", "capital": "50 万元人民币",
        "established": "2026年9月1日", "address": "佛山市禅城区祖庙路 8 号", "scope": "餐饮服务；食品销售"}


def test_a_restaurant_is_accepted_once_and_its_licence_starts_the_rest(server, browser):
    base, passwords = server
    ensure_calendar_reaches_ahead(base, passwords)
    first17 = "91440604MA" + "".join(random.choice("0123456789") for _ in range(7))
    uscc = first17 + check_character(first17)

    # The public guide: serial against parallel, item by item against once.
    browser.delete_all_cookies()
    browser.get(base + "/items?q=开餐馆")
    hits = browser.find_element(By.ID, "theme-hits").find_element(By.XPATH, "..").text
    assert "我要开餐馆" in hits
    browser.find_element(By.CSS_SELECTOR, "ul.themes a.item-name").click()
    arrive(browser, "/themes/YJS001")
    assert browser.find_element(By.ID, "serial-days").text == "19 个工作日"
    assert browser.find_element(By.ID, "parallel-days").text == "6 个工作日"
    assert browser.find_element(By.ID, "materials-separately").text == "25 份"
    assert browser.find_element(By.ID, "materials-merged").text == "21 份"
    shot(browser, "theme-guide")

    # A clerk at the 祖庙 town hall: the questions, then one form.
    sign_in(browser, base, "zumiao", passwords["zumiao"])
    browser.get(base + "/themes/YJS001")
    browser.find_element(By.ID, "theme-intake").click()
    arrive(browser, "/themes/YJS001/intake")
    browser.find_element(By.CSS_SELECTOR, "input[name='sign'][value='no']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name='area']").send_keys("80")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "form.theme-questions button[type=submit]"))
    children = browser.find_element(By.ID, "theme-children").text
    assert "企业设立登记" in children and "待“企业设立登记”办结后开始" in children
    rows = browser.find_elements(By.CSS_SELECTOR, "#theme-materials tbody tr")
    assert len(rows) == 13 and not any(r.text.startswith("营业执照") for r in rows)
    browser.find_element(By.ID, "enterpriseName").send_keys(FACE["name"])
    browser.find_element(By.ID, "uscc").send_keys(uscc)
    browser.find_element(By.ID, "legalRepresentative").send_keys(FACE["legalRepresentative"])
    browser.find_element(By.ID, "enterprisePhone").send_keys("13800138000")
    for box in browser.find_elements(By.CSS_SELECTOR, "#theme-materials input[name$='.received']"):
        box.click()
    shot(browser, "theme-intake")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#theme-intake-form button[type=submit]"))
    arrive(browser, "/theme-cases/")
    assert "已一次受理 4 个事项" in browser.find_element(By.ID, "theme-created").text
    theme_case = browser.current_url.split("/theme-cases/")[1].split("?")[0]
    states = {row.find_elements(By.TAG_NAME, "td")[1].text: row.find_element(By.CLASS_NAME, "child-state").text
              for row in browser.find_elements(By.CSS_SELECTOR, "#theme-children tbody tr")}
    assert states["企业设立登记"] == "已受理" and states["食品经营许可"].startswith("等待前置事项")
    shot(browser, "theme-case")

    # The market regulator concludes the business registration with its electronic licence.
    undertaker, reviewer, chief = (token(base, passwords, u) for u in ("chengban", "shenhe", "shichang"))
    _, detail = api(base, f"/api/v1/theme-cases/{theme_case}", token=undertaker)
    setup = next(c["number"] for c in detail["children"] if c["itemName"] == "企业设立登记")
    for action, who, body in [("undertake", undertaker, {"opinion": "拟准予设立登记"}), ("review", reviewer, {"opinion": "同意"}),
                              ("decide", chief, {"granted": True, "opinion": "准予设立登记"})]:
        assert api(base, f"/api/v1/cases/{setup}/actions/{action}", "POST", body, who)[0] == 200
    status, answer = api(base, f"/api/v1/cases/{setup}/actions/conclude", "POST",
                         {"opinion": "核发营业执照", "licence": {"fields": FACE}}, undertaker)
    assert status == 200, answer

    # The waiting children started with it; the food licence received the 营业执照 by number.
    browser.refresh()
    states = {row.find_elements(By.TAG_NAME, "td")[1].text: row.find_element(By.CLASS_NAME, "child-state").text
              for row in browser.find_elements(By.CSS_SELECTOR, "#theme-children tbody tr")}
    assert states == {"企业设立登记": "已办结", "食品经营许可": "已受理", "环境影响登记表备案": "已受理", "城镇污水排入排水管网许可": "已受理"}
    food = browser.find_element(By.XPATH, "//table[@id='theme-children']//tr[td[2]='食品经营许可']//a")
    food.click()
    arrive(browser, "/cases/")
    page = browser.page_source
    assert "由“企业设立登记”（" + setup + "）办结转交，电子证照 " in page
    assert theme_case in browser.find_element(By.ID, "theme-case-link").text
    shot(browser, "theme-child-started")
