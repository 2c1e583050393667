"""What the browser tests do to every key page, and a few shared steps (log in)."""

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

from tests.accounts.factories import totp_code

AXE_VERSION = "4.14.1"
AXE_URL = f"{settings.STATIC_URL}vendor/axe-core-{AXE_VERSION}/axe.min.js"
AXE_PATH = Path(settings.BASE_DIR) / "static" / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (390, 1440)
PHONE_WIDTH = 390

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


@dataclass
class BrowserChecks:
    page: Page
    base_url: str
    screenshots: Path

    def axe_violations(self) -> list[dict]:
        """Run axe-core on the current page for WCAG 2.1 A/AA; return its violations.

        axe is added as a same-origin <script src> (the vendored static file), so the page's
        Content-Security-Policy (`script-src 'self'`) stays on while it runs.
        """
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=self.base_url + AXE_URL)
        result = self.page.evaluate(
            """async (tags) => await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            WCAG_TAGS,
        )
        return result["violations"]

    def assert_accessible(self) -> None:
        violations = self.axe_violations()
        assert violations == [], f"axe found on {self.page.url}:\n" + _describe(violations)

    def assert_no_console_errors(self) -> None:
        errors = self.page.console_errors
        assert errors == [], f"console errors on {self.page.url}: {json.dumps(errors, indent=1)}"

    def assert_no_horizontal_overflow(self) -> None:
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} is {overflow}px wider than the viewport"

    def screenshot(self, name: str, width: int) -> Path:
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{name}-{width}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check_page(self, name: str) -> None:
        """axe at 1440 and 390 px, no console error, no overflow on a phone, screenshots.

        The phone check reloads the page at 390 px (as a phone would load it), then the page
        is reloaded at its first size, so a test can go on from where it was.
        """
        self.page.wait_for_load_state("networkidle")
        original = self.page.viewport_size
        for width in WIDTHS:
            if width != self.page.viewport_size["width"]:
                self.page.set_viewport_size({"width": width, "height": original["height"]})
                self.page.reload(wait_until="networkidle")
            if width == PHONE_WIDTH:
                self.assert_no_horizontal_overflow()
            self.assert_accessible()
            self.screenshot(name, width)
        if self.page.viewport_size != original:
            self.page.set_viewport_size(original)
            self.page.reload(wait_until="networkidle")
        self.assert_no_console_errors()

    def open(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"GET {path}: {response and response.status}"

    def log_in(self, email: str, password: str, *, totp_secret: str | None = None) -> None:
        """Log in through the real form (and the two-factor step when the account has it)."""
        self.open("/accounts/login/")
        self.page.locator("input[name='login']").fill(email)
        self.page.locator("input[name='password']").fill(password)
        self.page.locator("input[name='password']").press("Enter")
        if totp_secret is not None:
            # A code is valid for its 30-second window: do not type one about to expire.
            remaining = 30 - time.time() % 30
            if remaining < 5:
                time.sleep(remaining + 0.5)
            self.page.locator("input[name='code']").fill(totp_code(totp_secret))
            self.page.locator("input[name='code']").press("Enter")
        expect(self.page.locator("input[name='password']")).to_have_count(0)


def url_path(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)
