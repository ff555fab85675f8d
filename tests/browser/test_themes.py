"""一件事一次办 in a real browser (issue 17 "Done when"), on the demo district: the public guide of
我要开餐馆 shows days one after the other against in parallel and materials item by item against
once; a clerk at a town hall accepts it once with one form and the merged material list; when
the market regulator concludes 企业设立登记 with its electronic 营业执照, the licence flows to
食品经营许可 and the children waiting for it start in parallel; the four departments conclude,
and the applicant collects everything once (统一出件)."""
import pathlib
import random
import tempfile

from selenium.webdriver.common.by import By

from test_cases import api, ensure_calendar_reaches_ahead, sign_in
from test_catalogue import arrive, shot, submit_and_reload
from test_licences import read_qr, token
from test_online_application import check_character

def approvers(base, passwords, department, prefix):
    """Three approvers of `department` (承办, 审核, 决定 are three people), made by the
    administrator, each having changed the password the administrator set; their tokens."""
    admin = token(base, passwords, "admin")
    tokens = []
    for i in (1, 2, 3):
        username = f"{prefix}{i}"
        status, _ = api(base, "/api/v1/accounts", "POST", {"username": username, "displayName": f"{department} 审批{i}", "staffNumber": f"{prefix.upper()}{i:03d}",
                                                           "role": "approver", "department": department, "password": "initial-pass-1234"}, admin)
        assert status in (201, 409)
        signed = api(base, "/api/v1/session", "POST", {"username": username, "password": "initial-pass-1234"})[1]
        if "token" in signed:
            assert api(base, "/api/v1/session/password", "PUT", {"currentPassword": "initial-pass-1234", "newPassword": "own-pass-5678"},
                       signed["token"])[0] == 204
        tokens.append(api(base, "/api/v1/session", "POST", {"username": username, "password": "own-pass-5678"})[1]["token"])
    return tokens


def conclude(base, case, people, licence=None):
    """承办, 审核, 决定 (准予) and 办结 by three people; `licence` the face of the licence it issues."""
    for action, who, body in [("undertake", people[0], {"opinion": "拟准予"}), ("review", people[1], {"opinion": "同意"}),
                              ("decide", people[2], {"granted": True, "opinion": "准予"})]:
        assert api(base, f"/api/v1/cases/{case}/actions/{action}", "POST", body, who)[0] == 200
    body = {"opinion": "办结"}
    if licence:
        body["licence"] = {"fields": licence}
    status, answer = api(base, f"/api/v1/cases/{case}/actions/conclude", "POST", body, people[0])
    assert status == 200, answer


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

    # One acceptance notice; its QR code (read by zbarimg) opens the theme's progress with every item.
    browser.find_element(By.ID, "theme-notice-link").click()
    arrive(browser, "/notice")
    assert "待“企业设立登记”办结后开始" in browser.find_element(By.ID, "theme-notice-items").text
    url = read_qr(browser, pathlib.Path(tempfile.mkdtemp(prefix="onedoor-theme-")))
    assert f"/progress/{theme_case}?code=" in url
    browser.get(url)
    assert "食品经营许可" in browser.find_element(By.ID, "progress-children").text
    browser.get(f"{base}/theme-cases/{theme_case}")

    # The market regulator concludes the business registration with its electronic licence.
    market = [token(base, passwords, u) for u in ("chengban", "shenhe", "shichang")]
    _, detail = api(base, f"/api/v1/theme-cases/{theme_case}", token=market[0])
    children = {c["itemName"]: c["number"] for c in detail["children"]}
    setup = children["企业设立登记"]
    conclude(base, setup, market, licence=FACE)

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
    # The town hall's coordination: the theme on the timeline, its children drawn by state.
    browser.get(base + "/theme-cases/running")
    assert theme_case in browser.find_element(By.ID, "running-themes").text
    assert browser.find_elements(By.CSS_SELECTOR, "#theme-timeline svg rect.span")
    shot(browser, "theme-coordination")

    # The three departments conclude in parallel; only then is everything collected, once.
    conclude(base, children["食品经营许可"], market, licence={"operator": FACE["name"], "legalRepresentative": FACE["legalRepresentative"],
                                                             "address": FACE["address"], "mainBusiness": "餐饮服务经营者", "items": "热食类食品制售"})
    conclude(base, children["环境影响登记表备案"], approvers(base, passwords, "STHJ", "huanjing"))
    browser.get(f"{base}/theme-cases/{theme_case}")
    assert not browser.find_elements(By.ID, "deliver-all")
    conclude(base, children["城镇污水排入排水管网许可"], approvers(base, passwords, "ZJSL", "shuiwu"))
    browser.refresh()
    assert browser.find_element(By.ID, "theme-stage").get_attribute("data-stage") == "ready"
    shot(browser, "theme-ready")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#deliver-all button[type=submit]"))
    assert browser.find_element(By.ID, "theme-stage").text == "已统一出件"
    states = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#theme-children .child-state")]
    assert states == ["已送达"] * 4
    _, detail = api(base, f"/api/v1/theme-cases/{theme_case}", token=market[0])
    assert detail["state"] == "delivered" and detail["stage"] == "closed"
    shot(browser, "theme-delivered")
