"""A resident on a 360 px phone: home → menu → plans → one plan's targets table."""

import pytest
from django.core.management import call_command

# serialized_rollback: restores what the migrations created if an earlier transactional test
# (e.g. the concurrency tests on PostgreSQL) emptied the database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _no_horizontal_scroll(driver):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return window.innerWidth")
    assert viewport == 360
    assert width <= 360, f"{driver.current_url} scrolls sideways ({width}px)"


def test_phone_visitor_reaches_a_plans_targets_table(live_server, browser_360):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    call_command("seed_demo", "--small", verbosity=0)
    driver = browser_360

    driver.get(live_server.url + "/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "Mục tiêu năm 2030" in driver.find_element(By.TAG_NAME, "main").text
    _no_horizontal_scroll(driver)

    # On a phone the menu sits behind the header's menu button.
    driver.find_element(By.CSS_SELECTOR, "a.menu-button").click()
    driver.find_element(By.CSS_SELECTOR, "nav.site-nav a[href='/ke-hoach/']").click()
    WebDriverWait(driver, 15).until(lambda d: d.current_url == live_server.url + "/ke-hoach/")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.targets")) == 4
    _no_horizontal_scroll(driver)

    driver.find_element(By.PARTIAL_LINK_TEXT, "291/KH-UBND").click()
    WebDriverWait(driver, 15).until(
        lambda d: d.current_url.endswith("/ke-hoach/ke-hoach-291-kh-ubnd/")
    )
    table = driver.find_element(By.CSS_SELECTOR, "table.targets")
    assert "291/KH-UBND" in table.find_element(By.TAG_NAME, "caption").text
    rows = table.find_elements(By.CSS_SELECTOR, "tbody th[scope='row']")
    assert any("Gia đình học tập" in row.text for row in rows)
    assert "đã đối chiếu văn bản" in table.text
    _no_horizontal_scroll(driver)

    # Keyboard users can reach the content: the skip link is the first focusable element.
    from selenium.webdriver.common.keys import Keys

    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
