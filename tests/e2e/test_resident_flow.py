"""A resident on a 360 px phone, in a real browser: signs up, finds a course without
typing diacritics, enrolls, lands on the waitlist of a full course, and sees both in
"Khóa học của tôi"."""

import pytest

from citizen_profiles.services import citizen_create_assisted
from courses.services import enrollment_create
from tests.factories.courses import make_catalogue, make_centre, make_course

# serialized_rollback: a transactional test before this one (e.g. the concurrency tests) may
# have emptied the database; this restores what the migrations created (page tree root,
# locale, collections, reference data).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fill(driver, name, value):
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def _submit(driver, form_css="main form"):
    """Submit a form and wait until the browser has left the page it was on."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    button = driver.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]")
    button.click()

    def left_the_page(_driver) -> bool:
        try:
            button.is_enabled()
        except (StaleElementReferenceException, WebDriverException):
            return True  # the old document (and the button in it) is gone
        return False

    WebDriverWait(driver, 15).until(left_the_page)


def _wait_for_text(driver, css, text, seconds=15):
    """Wait for the page a form submission leads to (click() does not wait for it)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    # While the next page loads, Chromium may report the old node as gone with a generic
    # WebDriverException rather than a stale-element one: keep polling through both.
    WebDriverWait(
        driver, seconds, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
    ).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))


def _wait_for_url(driver, predicate, seconds=15):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds).until(lambda d: predicate(d.current_url))


def test_resident_signs_up_searches_enrolls_and_waits(live_server, browser_360):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    make_catalogue()
    centre = make_centre(title="TTHTCĐ phường Thử Nghiệm")
    open_course = make_course(centre=centre, title="Tin học cơ bản cho người cao tuổi", days=(5, 7))
    full_course = make_course(centre=centre, title="Tiếng Anh giao tiếp", days=(6,))
    full_course.capacity = 1
    full_course.save()
    enrollment_create(course=full_course, citizen=citizen_create_assisted(full_name="Người khác"))
    driver = browser_360

    driver.get(live_server.url + "/tai-khoan/dang-ky/")
    _fill(driver, "full_name", "Nguyễn Thị Lan")
    _fill(driver, "birth_year", "1958")
    Select(driver.find_element(By.NAME, "ward")).select_by_visible_text(centre.ward.name_with_type)
    _fill(driver, "phone", "0912 345 678")
    _fill(driver, "password1", "hoc-tap-suot-doi-2026")
    _fill(driver, "password2", "hoc-tap-suot-doi-2026")
    driver.find_element(By.NAME, "consent").click()
    _submit(driver)
    _wait_for_url(driver, lambda url: url.endswith("/tai-khoan/"))
    _wait_for_text(driver, "main", "Nguyễn Thị Lan")

    driver.get(live_server.url + "/khoa-hoc/?q=tin+hoc+co+ban")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Tin học cơ bản").click()
    _wait_for_url(driver, lambda url: url.rstrip("/").endswith(open_course.slug))
    _submit(driver, "section.enrollment-box form")
    _wait_for_text(driver, "section.enrollment-box", "Bạn đã có chỗ trong khóa học này")

    driver.get(live_server.url + full_course.url)
    _submit(driver, "section.enrollment-box form")
    _wait_for_text(driver, "section.enrollment-box", "Bạn đứng thứ 1 trong danh sách chờ")

    driver.get(live_server.url + "/tai-khoan/khoa-hoc/")
    mine = driver.find_element(By.TAG_NAME, "main").text
    assert "Tin học cơ bản cho người cao tuổi" in mine and "Tiếng Anh giao tiếp" in mine
    assert "danh sách chờ" in mine
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 360, f"my courses scrolls sideways ({width}px)"
