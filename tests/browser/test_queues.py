"""The hall in motion in a real browser: a resident takes a real-name ticket at the kiosk, the
call screen (open in another tab, never reloaded) shows the call as soon as the clerk presses
"叫下一个号" at the workstation — pushed by server-sent events — the clerk opens a case from the
ticket (the holder's ID carried over), finishes it, and the hall's statistics page counts the visit."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import register_kiosk
from test_catalogue import arrive, shot
from test_cases import ensure_calendar_reaches_ahead, sign_in, today

HALL = "ZMJD"
RESIDENT = "440104198803150037"  # GB 11643-valid


def test_kiosk_ticket_is_called_live_on_the_screen(server, browser):
    base, passwords = server
    kiosk_tab = browser.current_window_handle
    browser.delete_all_cookies()
    browser.get(f"{base}/halls/{HALL}/kiosk")
    # Not a kiosk yet: no tickets from here. The administrator registers the device once.
    assert "本设备尚未登记为取号机" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    browser.find_element(By.ID, "token").send_keys(register_kiosk(base, passwords, HALL))
    browser.find_element(By.CSS_SELECTOR, "details button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.CSS_SELECTOR, "input[name=queue][value=social]"))
    # A wrong ID number is named on the kiosk and nothing is issued.
    browser.find_element(By.CSS_SELECTOR, "input[name=queue][value=social]").click()
    browser.find_element(By.ID, "documentNumber").send_keys("440104198803150030")
    browser.find_element(By.CSS_SELECTOR, ".kiosk-form button[type=submit]").click()
    assert browser.find_element(By.CSS_SELECTOR, '[data-path="documentNumber"]').text
    field = browser.find_element(By.ID, "documentNumber")
    field.clear()
    field.send_keys(RESIDENT)
    browser.find_element(By.CSS_SELECTOR, "input[name=queue][value=social]").click()
    browser.find_element(By.CSS_SELECTOR, ".kiosk-form button[type=submit]").click()
    arrive(browser, "/tickets/")
    number = browser.find_element(By.ID, "ticket-number").text
    assert re.fullmatch(r"A\d{3}", number), number
    assert "4401**********0037" in browser.page_source and RESIDENT not in browser.page_source
    shot(browser, "queue-ticket")

    # The call screen in its own tab; it says when its live stream is connected.
    browser.switch_to.new_window("tab")
    screen_tab = browser.current_window_handle
    browser.get(f"{base}/halls/{HALL}/screen")
    WebDriverWait(browser, 15).until(lambda b: "实时" in b.find_element(By.ID, "live").text)
    browser.execute_script("window.__notReloaded = true")
    waiting = int(browser.find_element(By.CSS_SELECTOR, '[data-waiting="social"]').text)
    assert waiting >= 1

    # The clerk of that hall calls the next ticket at window 1.
    browser.switch_to.window(kiosk_tab)
    sign_in(browser, base, "zumiao", passwords["zumiao"])
    browser.get(f"{base}/workstation?window=1")
    browser.find_element(By.ID, "call-next").click()
    arrive(browser, "done=")
    assert number in browser.find_element(By.CSS_SELECTOR, ".ticket-no").text

    # The screen shows the call without a reload, and the waiting count went down.
    browser.switch_to.window(screen_tab)
    WebDriverWait(browser, 15).until(lambda b: f"请 {number} 号到 1 号窗口办理" in b.find_element(By.ID, "latest").text)
    assert browser.execute_script("return window.__notReloaded === true")
    WebDriverWait(browser, 15).until(lambda b: int(b.find_element(By.CSS_SELECTOR, '[data-waiting="social"]').text) == waiting - 1)
    shot(browser, "queue-screen")
    browser.close()

    # The clerk opens a case from the called ticket: the ID number comes from the ticket.
    ensure_calendar_reaches_ahead(base, passwords)
    browser.switch_to.window(kiosk_tab)
    browser.find_element(By.CSS_SELECTOR, '[data-action="open-case"]').click()
    arrive(browser, "/cases/new?ticket=")
    assert f"为排队号 {number}" in browser.find_element(By.CSS_SELECTOR, "p.notice").text
    browser.find_element(By.ID, "q").send_keys("餐")
    browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    browser.find_element(By.LINK_TEXT, "食品经营许可").click()
    arrive(browser, "ticket=")
    assert browser.find_element(By.ID, "documentNumber").get_attribute("value") == RESIDENT
    assert browser.find_element(By.ID, "window").get_attribute("value") == "1"
    browser.find_element(By.ID, "name").send_keys("王五")
    for row in browser.find_elements(By.CSS_SELECTOR, ".materials-form tbody tr"):
        if "deferrable" in row.get_attribute("class"):
            row.find_element(By.CSS_SELECTOR, "input[name$='.due']").send_keys(today(base, days_ahead=30))
        else:
            row.find_element(By.CSS_SELECTOR, "input[name$='.received']").click()
    browser.find_element(By.CSS_SELECTOR, "#intake button[type=submit]").click()
    arrive(browser, "done=")
    assert number in browser.find_element(By.ID, "visit").text
    shot(browser, "queue-case")

    # Back at the workstation the ticket is being served and names its case; the clerk finishes it.
    browser.get(f"{base}/workstation?window=1")
    assert "办理中" in browser.find_element(By.CSS_SELECTOR, ".cards").text
    browser.find_element(By.CSS_SELECTOR, '[data-action="finish"]').click()
    arrive(browser, "done=")
    assert "本窗口暂无" in browser.page_source

    # The hall's statistics count the visit (this month, by default), by queue and by window.
    browser.find_element(By.LINK_TEXT, "本中心排队统计").click()
    arrive(browser, f"/halls/{HALL}/statistics")
    assert int(browser.find_element(By.CSS_SELECTOR, '[data-figure="served"]').text) >= 1
    assert "1 号窗口" in browser.find_element(By.ID, "by-window").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
    shot(browser, "queue-statistics")


def test_kiosk_mode_finds_the_matter_and_returns_to_its_start(server, browser):
    """The kiosk has no site navigation; the citizen types what they came for (an everyday word
    or pinyin initials), the kiosk names the matter and preselects its queue; untouched, it goes
    back to its start so the next person never sees the last one's document number."""
    base, passwords = server
    browser.delete_all_cookies()
    browser.get(f"{base}/halls/{HALL}/kiosk")
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    browser.find_element(By.ID, "token").send_keys(register_kiosk(base, passwords, HALL))
    browser.find_element(By.CSS_SELECTOR, "details button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "matter"))
    assert not browser.find_elements(By.CSS_SELECTOR, "header.site"), "the kiosk shows the site navigation"

    browser.get(f"{base}/halls/{HALL}/kiosk?idle=5")
    browser.find_element(By.ID, "matter").send_keys("食品经营")
    browser.find_element(By.CSS_SELECTOR, ".kiosk-search button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#matters .matter"))
    matters = browser.find_elements(By.CSS_SELECTOR, "#matters .matter")
    assert any("食品经营许可" in m.text for m in matters), [m.text for m in matters]
    next(m for m in matters if "食品经营许可" in m.text).click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "chosen-matter"))
    checked = browser.find_element(By.CSS_SELECTOR, "input[name=queue]:checked")
    assert checked.get_attribute("value"), "no queue preselected"
    shot(browser, "kiosk-matter")

    # Someone starts typing and walks away: the kiosk clears itself.
    browser.find_element(By.ID, "documentNumber").send_keys(RESIDENT)
    WebDriverWait(browser, 15).until(lambda b: b.current_url.rstrip("/").endswith(f"/halls/{HALL}/kiosk"))
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "documentNumber"))
    assert browser.find_element(By.ID, "documentNumber").get_attribute("value") == ""
