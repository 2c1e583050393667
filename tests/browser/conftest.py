"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

- The browser is `/usr/bin/chromium` (`make test` installs it through apt); never a
  downloaded one. A missing browser fails the run with the command that installs it.
- Each test gets a fresh browser context (cookies, language) on pytest-django's `live_server`,
  with data built by the factories (live-server tests use a transactional database).
- `check_page(page, name)` is what every key page goes through: axe-core (WCAG 2.1 A/AA,
  zero violations), no console error (so no CSP violation either), no horizontal overflow at
  390 px, and screenshots at 390 and 1440 px wide under tests/screenshots/.
"""

import importlib
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test code's ORM calls
# (factories) are still plain synchronous calls, made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.pages import SCREENSHOTS, BrowserChecks

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]
# Generous waits: the suite may share two cores with other work (no timing is asserted).
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make browser` "
            "(apt-get install -y chromium chromium-driver) before the browser tests."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Page:
    """A page in a fresh context with an English browser; console errors are recorded."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1440, "height": 900},
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []

    def record(message) -> None:
        # The browser also logs the status of an error page itself (a 404 test): not a fault.
        if message.type != "error":
            return
        if "Failed to load resource" in message.text and message.location.get("url") == page.url:
            return
        page.console_errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def checks(page: Page, live_server) -> BrowserChecks:
    return BrowserChecks(page=page, base_url=live_server.url, screenshots=SCREENSHOTS)


@pytest.fixture(scope="session", autouse=True)
def _restore_taxonomy_after_browser_tests(django_db_setup, django_db_blocker):
    """Live-server tests flush the database after each test, taxonomy included.

    The taxonomy is loaded by a data migration; put it back at the end so that a later run
    with --reuse-db (and any transactional test after these) still finds it.
    """
    yield
    migration = importlib.import_module("clusters.migrations.0002_load_taxonomy")
    from django.apps import apps

    with django_db_blocker.unblock():
        migration.load_taxonomy(apps, None)
