"""Supervision and openness in a real browser (issue 18 "Done when", the parts after 好差评 —
which is test_ratings.py), on SQLite and on PostgreSQL, on the demo district with its two
periods of history: a supervisor issues a 督办 on a red case from 电子监察 and the department
answers it; the outcome page shows before/after figures computed from the records; an open
dataset downloads as CSV with its small counts withheld."""
import csv
import io
import time
import urllib.request

from selenium.webdriver.common.by import By

from test_cases import api, sign_in
from test_catalogue import arrive, submit_and_reload
from test_licences import token
from test_ratings import staff_of


def history_made(base):
    """Waits for the demo's history (made after the start, ADR 0047): both periods have cases."""
    deadline = time.time() + 240
    while time.time() < deadline:
        status, outcome = api(base, "/api/v1/outcomes")
        if status == 200 and outcome["before"]["cases"] > 0 and outcome["after"]["cases"] > 0 and outcome["after"]["ratings"] > 0:
            return outcome
        time.sleep(2)
    raise AssertionError("the demo history was not made in time")


def number(text):
    return float(text.replace("%", "").strip())


def test_supervision_outcomes_and_open_data(any_server, browser):
    database, base, passwords = any_server
    outcome = history_made(base)

    # 改革成效: every headline figure computed for both periods.
    browser.delete_all_cookies()
    browser.get(base + "/outcomes")
    row = lambda key: browser.find_element(By.CSS_SELECTOR, f"tr[data-outcome='{key}']")
    cell = lambda key, period: row(key).find_element(By.CSS_SELECTOR, f"td[data-period='{period}']").text
    assert number(cell("wait", "before")) > number(cell("wait", "after")) > 0
    assert cell("staff", "before") == "12.0" and cell("staff", "after") == "8.0"
    assert number(cell("days", "before")) > number(cell("days", "after"))
    assert int(cell("immediate", "after")) > int(cell("immediate", "before"))
    assert cell("satisfaction", "before") == "—" and number(cell("satisfaction", "after")) > 99
    fewer, compared = cell("materials", "after").split(" / ")
    assert 0 < int(fewer) <= int(compared)
    assert abs(number(cell("wait", "after")) - outcome["after"]["averageWaitMinutes"]) < 0.06

    # 电子监察 → a department's red cases → one of them → 督办.
    sign_in(browser, base, "jiancha", passwords["jiancha"])
    browser.get(base + "/supervision")
    red = [a for a in browser.find_elements(By.CSS_SELECTOR, "#overview-departments tbody td:nth-child(5) a") if a.text != "0"]
    assert red, "the history leaves cases past their promise"
    red[0].click()
    arrive(browser, "late=red")
    browser.find_element(By.CSS_SELECTOR, "table.cases tbody tr a").click()
    arrive(browser, "/cases/")
    case_number = browser.current_url.rstrip("/").split("/")[-1]
    supervisor = token(base, passwords, "jiancha")
    status, detail = api(base, f"/api/v1/cases/{case_number}", token=supervisor)
    assert status == 200, detail
    department = detail["case"]["department"] if "case" in detail else detail["department"]
    browser.find_element(By.ID, "order-instruction").send_keys("已超承诺时限，请说明原因并于期限内办结")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "#issue-order button[type=submit]"))
    order = browser.find_element(By.CSS_SELECTOR, "#supervision-orders li")
    assert order.get_attribute("data-state") == "open" and "已超承诺时限" in order.text
    browser.get(base + "/supervision")
    assert case_number in browser.find_element(By.ID, "overview-orders").text

    # The department answers from its queue of orders.
    password = staff_of(base, passwords, f"duban{database[:2]}", displayName="督办答复人", staffNumber=f"DB-{department}", role="approver",
                        department=department)
    sign_in(browser, base, f"duban{database[:2]}", password)
    browser.get(base + "/supervision/orders")
    browser.find_element(By.CSS_SELECTOR, "textarea[name=reply]").send_keys("系申请人补充材料延误，已于今日作出决定")
    submit_and_reload(browser, browser.find_element(By.CSS_SELECTOR, "form[id^=answer-] button[type=submit]"))
    arrive(browser, f"/cases/{case_number}")
    answered = browser.find_element(By.CSS_SELECTOR, "#supervision-orders li")
    assert answered.get_attribute("data-state") == "answered" and "已于今日作出决定" in answered.text
    sign_in(browser, base, "jiancha", passwords["jiancha"])
    browser.get(base + "/supervision/orders")
    assert "已于今日作出决定" in browser.find_element(By.ID, "answered-orders").text

    # 数据开放: the catalogue, a dataset's page with its withheld cells, its CSV download.
    browser.get(base + "/open-data")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#datasets > li")) >= 8
    browser.find_element(By.LINK_TEXT, "排队叫号月度统计（按服务中心）").click()
    arrive(browser, "/open-data/queue-statistics")
    assert browser.find_elements(By.CSS_SELECTOR, "#dataset-rows td.suppressed"), "the history has no 过号: withheld as <5"
    link = browser.find_element(By.ID, "download-csv").get_attribute("href")
    with urllib.request.urlopen(link) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.read().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["月份", "服务中心代码", "服务中心"] and body
    counts = [header.index(name) for name in ("取号数", "叫号数", "办结数", "过号数", "超目标等候数")]
    for line in body:
        for i in counts:
            assert line[i] == "<5" or int(line[i]) >= 5, line
    assert any(line[header.index("过号数")] == "<5" for line in body)
