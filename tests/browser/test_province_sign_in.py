"""Sign-in through the provincial identity platform in a real browser (issue 15 §1, ADR 0028):
on a phone-sized window the citizen chooses 省统一身份认证, signs in on the provider's own page
(the OpenID provider double, Authlib), comes back verified to 我的, and signing out ends the
session at the province too before coming back to the sign-in page."""
import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import PROVINCE_USER
from test_catalogue import arrive, shot


def test_citizen_signs_in_and_out_through_the_province(server, browser, province):
    base, _ = server
    issuer, _ = province
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    browser.get(base + "/citizen/login")
    browser.find_element(By.ID, "province-sign-in").click()
    # The province's own page (another site): the citizen picks themselves and consents.
    arrive(browser, issuer + "/authorize")
    Select(browser.find_element(By.ID, "op-user")).select_by_visible_text(PROVINCE_USER[1])
    browser.find_element(By.ID, "op-consent").click()
    arrive(browser, base + "/me")
    assert browser.find_element(By.ID, "real-name").text == "实名（核验）"
    page = browser.page_source
    assert "赵六" in page and "139****6666" in page and PROVINCE_USER[2] not in page
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    shot(browser, "province-me")

    # 退出: here, at the province (which records it), and back to the sign-in page.
    browser.find_element(By.CSS_SELECTOR, "form[action='/citizen/logout'] button").click()
    arrive(browser, base + "/citizen/login")
    logouts = json.loads(urllib.request.urlopen(issuer + "/logouts").read())["logouts"]
    assert logouts == [PROVINCE_USER[0]]
    browser.get(base + "/me")
    arrive(browser, "/citizen/login")
