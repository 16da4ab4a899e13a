"""Playwright driving Debian's Chromium against a live test server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo(transactional_db, settings):
    from django.core.management import call_command

    from onboarding.models import Plan

    call_command("seed_demo", force=True)
    return Plan.objects.get(title__startswith="Demo:")


def sign_in(page, live_server, username: str, password: str = "first100") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


# ------------------------------------------------------------ The axe-core gate

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GATING_IMPACTS = ["serious", "critical"]

# Runs in the page: the serious and critical WCAG 2.1 A/AA violations, each
# with the first few elements it found them on. Frames are left out: axe would
# wait a minute for an answer from the sandboxed e-mail preview (whose HTML the
# W3C validator checks, tests/test_html_validity.py).
_RUN_AXE = """async ({tags, impacts}) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
    iframes: false,
  });
  return result.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => ({
        target: node.target.join(" "),
        summary: node.failureSummary,
      })),
    }));
}"""


# Waits for the page's finite animations (an endless spinner never finishes).
_SETTLE_ANIMATIONS = """() => Promise.all(
    document
      .getAnimations()
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
      .map((animation) => animation.finished.catch(() => null))
)"""


@pytest.fixture
def axe():
    """``axe(page)``: the page's serious and critical WCAG 2.1 A/AA violations, as text lines.

    axe-core comes from npm (``make axe``; tests/browser/axe/package-lock.json)
    and is never served by the app. It is evaluated through the DevTools
    protocol (``page.evaluate``), which the page's content-security policy
    does not govern, so the page is checked with its real CSP. Tests using this
    fixture are marked ``axe``: without axe-core they are skipped (a failure
    with CI=true).
    """
    from tests.conftest import AXE_JS

    source = AXE_JS.read_text(encoding="utf-8")

    def check(page) -> list[str]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        # A message fades in (0.25 s): colours measured mid-animation are not
        # what a reader sees, so the check waits for the page to settle.
        page.evaluate(_SETTLE_ANIMATIONS)
        violations = page.evaluate(_RUN_AXE, {"tags": AXE_TAGS, "impacts": GATING_IMPACTS})
        lines = []
        for violation in violations:
            lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
            lines += [f"    {node['target']}: {node['summary']}" for node in violation["nodes"]]
        return lines

    return check
