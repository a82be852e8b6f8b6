"""Headless Chromium (Debian's chromium and chromium-driver) through Selenium.

Without the browser the tests skip with the reason; in CI (``CI=true``) a missing
browser fails them instead, as for the postgres and redis markers.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import IN_CI

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1400",
    "--lang=zh-CN",
)


def _unavailable():
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -r requirements-dev.txt)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return None


def _start_chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    # Explicit paths: Selenium never looks for (or downloads) a browser or a driver.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


class _Chromium:
    """One Chromium for the browser tests that follow one another in a test process:
    starting it cost each test a second or two. Between them it is put back as it started
    (``reset``); one that cannot be is started anew."""

    def __init__(self):
        self.driver = None
        self.size = None

    def get(self):
        if self.driver is None:
            self.driver = _start_chromium()
            self.size = self.driver.get_window_size()
        return self.driver

    def reset(self):
        driver = self.driver
        try:
            for handle in driver.window_handles[1:]:  # windows a test opened
                driver.switch_to.window(handle)
                driver.close()
            driver.switch_to.window(driver.window_handles[0])
            driver.get("about:blank")  # the last page's scripts stop calling the server
            driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            driver.set_window_size(self.size["width"], self.size["height"])
        except Exception:
            self.quit()

    def quit(self):
        if self.driver is not None:
            driver, self.driver = self.driver, None
            driver.quit()


_SHARED = _Chromium()


@pytest.fixture(scope="session")
def _chromium():
    yield _SHARED
    _SHARED.quit()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # Quit before a test without the browser: a browser left running keeps connections to
    # the live server open, and their threads, ending later, would close the database
    # connection of whatever test runs then.
    if nextitem is None or "browser" not in nextitem.fixturenames:
        _SHARED.quit()
    return result


@pytest.fixture
def browser(_chromium):
    """Chromium with no cookies, no cache, its first window alone at its first size."""
    reason = _unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    yield _chromium.get()
    _chromium.reset()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
