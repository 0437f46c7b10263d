"""Screenshot review: every public page and staff screen at 360 px and 1280 px.

Saves full-page screenshots under tests/e2e/artifacts/screens/ (git-ignored: CI keeps them
as artefacts to look at) and fails when a page scrolls sideways, when text overflows its
box, or when axe-core (vendored from its npm package in tests/e2e/vendor/, injected into the
page: no network) finds a serious or critical violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import CHROMEDRIVER, CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HERE = Path(__file__).parent
SHOTS = HERE / "artifacts" / "screens"
AXE = HERE / "vendor" / "axe.min.js"
WIDTHS = (360, 1280)

# Elements whose right edge leaves the viewport, or whose text is cut by their own box
# (overflow hidden/clip), inside the page's own content. Scroll regions, screen-reader-only
# text and Wagtail's own chrome are left out.
OVERFLOW_JS = (HERE / "overflow_check.js").read_text()

AXE_JS = (HERE / "axe_run.js").read_text()


@pytest.fixture
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium/chromedriver not installed (.ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _sign_in(driver, live_server, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    driver.get(live_server.url + "/robots.txt")
    driver.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value})


def _review(driver, live_server, path: str, *, lang: str, scope: str, who: str = "") -> list[str]:
    """Screenshots and checks of one page at every width; returns the problems found."""
    import base64

    problems = []
    driver.get(live_server.url + "/robots.txt")
    driver.add_cookie({"name": "django_language", "value": lang})
    for width in WIDTHS:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        driver.get(live_server.url + path)
        name = (
            f"{who}{lang}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-') or 'home'}-{width}"
        )
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1},
            },
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{name}: scrolls sideways ({scroll}px)")
        for item in driver.execute_script(OVERFLOW_JS, scope):
            problems.append(f"{name}: overflows: {item}")
        driver.execute_script(AXE.read_text())
        for violation in driver.execute_async_script(AXE_JS):
            problems.append(f"{name}: axe {violation}")
    return problems


def test_every_screen_fits_at_360_and_1280_px_without_serious_axe_violations(live_server, browser):
    from django.contrib.auth import get_user_model

    from cms.models import NewsPage, PlanPage
    from courses.models import CoursePage
    from learning_centers.models import LearningCenterPage

    call_command("seed_demo", "--small", verbosity=0)
    course = CoursePage.objects.live().filter(sessions__isnull=False).order_by("pk").first()
    centre = LearningCenterPage.objects.live().order_by("pk").first()
    public = [
        "/",
        "/khoa-hoc/",
        "/khoa-hoc/?trang_thai=tat-ca",
        course.url,
        centre.url,
        "/trung-tam/",
        "/ke-hoach/",
        PlanPage.objects.live().first().url,
        "/tin-tuc/",
        NewsPage.objects.live().first().url,
        "/so-do-trang/",
        "/tim-kiem/?q=tin+hoc",
        "/tai-khoan/dang-nhap/",
        "/tai-khoan/dang-ky/",
    ]
    problems = []
    for lang in ("vi", "en"):
        for path in public:
            problems += _review(browser, live_server, path, lang=lang, scope="main")

    users = get_user_model().objects
    _sign_in(browser, live_server, users.get(phone="0912000001"))
    for path in ("/tai-khoan/", "/tai-khoan/khoa-hoc/", course.url):
        problems += _review(browser, live_server, path, lang="vi", scope="main", who="resident-")

    browser.delete_all_cookies()
    _sign_in(browser, live_server, users.get(is_superuser=True, email="admin@example.vn"))
    session = course.sessions.order_by("date").first()
    staff = [
        "/admin/dang-ky-hoc/",
        f"/admin/dang-ky-hoc/khoa-hoc/{course.pk}/",
        f"/admin/dang-ky-hoc/khoa-hoc/{course.pk}/ghi-danh/",
        f"/admin/dang-ky-hoc/buoi-hoc/{session.pk}/diem-danh/",
        f"/admin/dang-ky-hoc/buoi-hoc/{session.pk}/ma-qr/",
        "/admin/dang-ky-hoc/nhap-diem-danh/",
    ]
    for path in staff:
        problems += _review(
            browser, live_server, path, lang="vi", scope=".staff-screen", who="staff-"
        )
    assert not problems, "\n".join(problems)
    assert len(list(SHOTS.glob("*.png"))) >= 2 * (2 * len(public) + 3 + len(staff))
