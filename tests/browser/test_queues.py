"""The hall in motion in a real browser: a resident takes a real-name ticket at the kiosk, the
call screen (open in another tab, never reloaded) shows the call as soon as the clerk presses
"叫下一个号" at the workstation — pushed by server-sent events — and the clerk serves it."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_catalogue import arrive, shot
from test_cases import sign_in

HALL = "ZMJD"
RESIDENT = "440104198803150037"  # GB 11643-valid


def test_kiosk_ticket_is_called_live_on_the_screen(server, browser):
    base, passwords = server
    kiosk_tab = browser.current_window_handle
    browser.delete_all_cookies()
    browser.get(f"{base}/halls/{HALL}/kiosk")
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

    # The clerk serves the ticket and finishes it.
    browser.switch_to.window(kiosk_tab)
    browser.find_element(By.CSS_SELECTOR, '[data-action="start"]').click()
    arrive(browser, "done=")
    browser.find_element(By.CSS_SELECTOR, '[data-action="finish"]').click()
    arrive(browser, "done=")
    assert "本窗口暂无" in browser.page_source
