"""Booking online in a real browser, without JavaScript doing the work: a resident picks a
business, a day and a half hour at the hall, books it with their ID, keeps the appointment's
page (with its QR code), and cancels it there; the place comes back."""
import pathlib
import subprocess
import tempfile

from selenium.webdriver.common.by import By

from test_catalogue import arrive, shot

HALL = "CCZX"
RESIDENT = "440106199203040018"  # GB 11643-valid


def test_book_and_cancel_an_appointment(server, browser):
    base, _ = server
    browser.delete_all_cookies()
    browser.get(f"{base}/halls/{HALL}/appointments")
    assert "在线预约" in browser.title or "预约" in browser.title
    # The next open day that still has a slot to book (today's may all have begun).
    days = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".day-choice a")]
    for href in days:
        browser.get(href)
        free = browser.find_elements(By.CSS_SELECTOR, ".slot-choice input[name=start]:not([disabled])")
        if free:
            break
    assert free, "no bookable slot in the coming days"
    slot = free[0].get_attribute("value")
    label = free[0].find_element(By.XPATH, "..").text
    assert "余 4" in label, label
    free[0].click()
    browser.find_element(By.ID, "documentNumber").send_keys(RESIDENT)
    shot(browser, "appointment-booking")
    browser.find_element(By.CSS_SELECTOR, ".appointment-form button[type=submit]").click()
    arrive(browser, "done=booked")
    assert "预约成功" in browser.page_source
    assert slot in browser.find_element(By.ID, "appointment-time").text
    assert browser.find_element(By.ID, "appointment-state").text == "已预约"
    assert "4401**********0018" in browser.page_source and RESIDENT not in browser.page_source
    shot(browser, "appointment-page")
    page = browser.current_url.split("?")[0]
    # The QR code on the page, read back by a real decoder, opens this page.
    png = pathlib.Path(tempfile.mkdtemp(prefix="onedoor-appointment-qr-")) / "qr.png"
    browser.find_element(By.CSS_SELECTOR, ".ticket-qr svg").screenshot(str(png))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.strip() == page

    # Cancelling needs the holder's number; a wrong one is told and changes nothing.
    browser.find_element(By.ID, "cancel-number").send_keys("440104198803150037")
    browser.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button").click()
    # The answer is shown at the form's own address; wait for it, not for the page just left.
    arrive(browser, "/cancel")
    assert "证件号码与预约不符" in browser.page_source
    browser.find_element(By.ID, "cancel-number").send_keys(RESIDENT)
    browser.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button").click()
    arrive(browser, "done=cancelled")
    assert browser.find_element(By.ID, "appointment-state").text == "已取消"
    assert not browser.find_elements(By.ID, "cancel-number")
    browser.get(page)
    assert "已取消" in browser.page_source
