"""Headless Chromium for the browser tests (Debian's chromium + chromium-driver).

The browser runs with the network blocked (a dead proxy and a resolver that finds nothing), a
fresh profile and no background services, so a page that tried to fetch anything would fail
visibly; Selenium is pointed at the driver explicitly so Selenium Manager never downloads one.
Every test here is marked ``browser``; they skip (with the reason) only when Chromium or its
driver is absent.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1400,900",
)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def make_driver(user_data_dir: str):
    """A headless Chromium WebDriver with console logs captured and the network blocked."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={user_data_dir}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)


@pytest.fixture(scope="session")
def driver():
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        pytest.skip(
            f"headless browser tests need {CHROMIUM} and {CHROMEDRIVER} "
            "(Debian packages chromium and chromium-driver; .ci/run installs them)"
        )
    pytest.importorskip("selenium", reason="the test extra installs selenium")
    with tempfile.TemporaryDirectory(prefix="collabgraph-chromium-") as profile:
        drv = make_driver(profile)
        drv.set_page_load_timeout(60)
        try:
            yield drv
        finally:
            drv.quit()
