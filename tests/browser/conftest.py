"""Fixtures for the browser suite: the production stack, Chromium, people.

The suite runs only when MOTOUKE_BROWSER_TESTS is set (``make browser-test``;
tests/conftest.py leaves this folder out otherwise). It needs PostgreSQL and
Redis on 127.0.0.1 and Debian's Chromium at /usr/bin/chromium.
"""

import os
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import sync_playwright

from .stack import ROOT, ProductionStack

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEMO_PASSWORD = "demo-pass"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# What the browser's console says when the Content-Security-Policy refused
# something (an inline script or style, a handler, a foreign source).
CSP_WORDS = ("Content Security Policy", "Refused to")
# Where the suite saves its screenshots; the README shows the dashboards.
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    running = ProductionStack(tmp_path_factory.mktemp("stack"))
    try:
        running.start()
        yield running
    except BaseException:
        for name in running.processes:
            print(f"--- {name} log (tail) ---\n{running.log_tail(name)}")
        raise
    finally:
        running.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class Person:
    """A browser context logged in as one demo login, with the console errors
    and server errors its pages raised."""

    def __init__(self, browser, stack, username, viewport=DESKTOP):
        self.username = username
        self.stack = stack
        self.context = browser.new_context(
            base_url=stack.url,
            viewport=viewport,
            locale="ja-JP",
            timezone_id="Asia/Tokyo",
            accept_downloads=True,
        )
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.server_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self.page.on("response", self._on_response)

    def _on_console(self, message):
        # A policy refusal is reported as an error or a warning, depending on
        # the browser version; either is a page that lost a script or style.
        refused = any(word in message.text for word in CSP_WORDS)
        if message.type == "error" or refused:
            self.console_errors.append(f"{message.text} ({self.page.url})")

    def _on_response(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

    def log_in(self, password=DEMO_PASSWORD):
        """The login page; then the second factor: staff on the production
        stack (REQUIRE_MFA) enrol an authenticator app the first time, and
        type its code at every later login."""
        self.page.goto("/accounts/login/")
        self.page.fill("input[name=login]", self.username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit].primary")
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, f"{self.username} not logged in"
        if self.page.url.endswith("/accounts/2fa/authenticate/"):
            self.page.fill("input[name=code]", self.totp_code())
            self.page.click("button[type=submit].primary")
            self.page.wait_for_load_state()
        elif self.page.url.endswith("/accounts/2fa/"):
            self.enrol_totp()
        assert "/accounts/2fa/" not in self.page.url, (
            f"{self.username}: {self.page.url}"
        )
        return self

    def enrol_totp(self) -> None:
        """Sent to set up a second factor: activate an authenticator app with
        the secret the page shows and a code computed here (RFC 6238)."""
        self.page.get_by_role("link", name="有効化する").click()
        self.page.wait_for_load_state()
        secret = self.page.input_value("#authenticator_secret")
        self.stack.totp_secrets[self.username] = secret
        for _attempt in range(2):
            self.page.fill("input[name=code]", self.totp_code())
            self.page.click("button[type=submit].primary")
            self.page.wait_for_load_state()
            # A code made at the end of its 30 s step can expire on a loaded
            # machine before the server checks it: try once more, next step.
            if "/accounts/2fa/totp/activate/" not in self.page.url:
                break
            self.stack.totp_steps[self.username] = int(time.time()) // 30
        # allauth shows the recovery codes made with the first factor.
        assert "/accounts/2fa/recovery-codes/" in self.page.url, self.page.url
        self.page.goto("/")

    def totp_code(self) -> str:
        """The current code; a code is accepted once, so wait for the next
        30-second step when this person's last one was used."""
        secret = self.stack.totp_secrets[self.username]
        step = int(time.time()) // 30
        if self.stack.totp_steps.get(self.username) == step:
            time.sleep(30 - time.time() % 30 + 0.5)
            step = int(time.time()) // 30
        self.stack.totp_steps[self.username] = step
        return format_hotp_value(hotp_value(secret, step))

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def person(browser, stack):
    """person("sales") -> a logged-in Person; person("x", log_in=False)."""
    people = []

    def make(username, viewport=DESKTOP, log_in=True):
        someone = Person(browser, stack, username, viewport)
        people.append(someone)
        return someone.log_in() if log_in else someone

    yield make
    for someone in people:
        someone.close()


def pytest_runtest_makereport(item, call):
    # Keep the server's side of a failure with the report.
    if call.when == "call" and call.excinfo is not None:
        running = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
        if running is not None:
            for name in running.processes:
                item.add_report_section(
                    "call", f"{name} log", running.log_tail(name, 60)
                )
