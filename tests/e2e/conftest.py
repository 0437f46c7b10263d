"""Headless Chromium for end-to-end tests: Debian's chromium + chromedriver, never a
downloaded browser. Tests are skipped, saying why, when either is missing."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser_360():
    """A Chromium whose viewport is a 360 px wide phone screen."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "chromium/chromedriver not installed "
            "(apt-get install -y chromium chromium-driver; .ci/run does this)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # No background traffic: the build machines have no network beyond loopback.
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(arg)
    options.add_argument("--lang=vi")
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi,en"})
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2}}
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
