"""A resident finds a service and reads its guide; an administrator suspends and re-publishes it."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.environ.get("ONEDOOR_SCREENSHOTS", "/tmp/onedoor-screenshots")


def arrive(browser, fragment):
    """Waits until the browser is on the page whose URL contains `fragment`, so that what the
    test reads next is the new page and not the one it just left."""
    WebDriverWait(browser, 15).until(EC.url_contains(fragment))


def submit_and_reload(browser, button):
    """Clicks a form's button and waits for the page it leads to, even when that page has the
    same address (a form on 我的 that comes back to 我的)."""
    # A mark on the old page's window: gone once a new page has loaded (checking the old
    # element for staleness raced with Chromium's own errors for a node being replaced).
    browser.execute_script("window.__onedoorOldPage = true")
    button.click()
    WebDriverWait(browser, 15).until(
        lambda b: b.execute_script("return window.__onedoorOldPage === undefined && document.readyState === 'complete'"))


def shot(browser, name):
    os.makedirs(SHOTS, exist_ok=True)
    browser.save_screenshot(os.path.join(SHOTS, name + ".png"))


def test_resident_searches_and_reads_the_guide(server, browser):
    base, _ = server
    browser.get(base + "/")
    assert "一门式" in browser.title
    categories = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".tiles .tile-name")]
    for name in ("社会民生类", "注册登记类", "经营许可类", "投资建设类", "公安专项类"):
        assert name in categories
    shot(browser, "home")

    box = browser.find_element(By.ID, "q")
    box.send_keys("餐")
    box.submit()
    arrive(browser, "/items?q=")
    results = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".items .item-name")]
    assert "食品经营许可" in results, results
    shot(browser, "search")

    browser.find_element(By.LINK_TEXT, "食品经营许可").click()
    arrive(browser, "/items/1")
    assert browser.find_element(By.TAG_NAME, "h1").text == "食品经营许可"
    assert "承诺 5 个工作日（法定 10 个工作日）" in browser.page_source
    rows = browser.find_elements(By.CSS_SELECTOR, "table.materials tbody tr")
    assert len(rows) == 5
    names = [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert "食品经营许可申请书" in names
    assert "营业执照" in names
    necessity = [r.find_elements(By.TAG_NAME, "td")[6].text for r in rows]
    assert "容缺后补" in necessity
    shot(browser, "guide")

    # On a phone (390 px) the materials are cards: nothing wider than the screen, each field
    # under its Chinese label, the name on top.
    browser.set_window_size(390, 844)
    try:
        browser.get(browser.current_url)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        viewport = browser.execute_script("return window.innerWidth")
        assert width <= viewport, (width, viewport)
        card = browser.find_elements(By.CSS_SELECTOR, "table.materials tbody tr")[0]
        assert card.value_of_css_property("display") == "block"
        label = browser.execute_script(
            "return getComputedStyle(arguments[0], '::before').content",
            card.find_elements(By.TAG_NAME, "td")[6])
        assert "必要性" in label, label
        shot(browser, "guide-mobile")
    finally:
        browser.set_window_size(1280, 900)


def test_administrator_suspends_and_republishes(server, browser):
    base, passwords = server
    assert "admin" in passwords, "demo admin password was not printed"
    browser.get(base + "/items?q=%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5%E8%AE%B8%E5%8F%AF")
    browser.find_element(By.LINK_TEXT, "食品经营许可").click()
    arrive(browser, "/items/1")
    guide_url = browser.current_url
    code = guide_url.rstrip("/").split("/")[-1]

    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(passwords["admin"])
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    arrive(browser, "/admin")
    assert browser.current_url.endswith("/admin"), browser.current_url

    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"]')
    row.find_element(By.XPATH, ".//button[text()='暂停']").click()
    arrive(browser, "done=suspended")
    assert "已暂停" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"]')
    assert row.find_element(By.CSS_SELECTOR, ".status").text == "已暂停"
    shot(browser, "admin-suspended")

    browser.get(guide_url)
    assert "该事项已暂停办理" in browser.page_source

    browser.get(base + "/admin")
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"]')
    row.find_element(By.XPATH, ".//button[text()='发布']").click()
    arrive(browser, "done=published")
    assert "已发布" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"]')
    assert row.find_element(By.CSS_SELECTOR, ".status").text == "已发布"

    browser.get(guide_url)
    assert "该事项已暂停办理" not in browser.page_source
