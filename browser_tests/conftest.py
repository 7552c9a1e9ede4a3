"""Browser-test harness: a live server, Debian's Chromium through Playwright, sign-in and axe.

Fixtures for journeys (see docs/testing.md):

- ``page``: a fresh browser context and page per test, its base URL the live server, so
  ``page.goto("/p/safer-maidstone/")`` works.
- ``demo``: loads the demo partnership (``manage.py load_demo``) into the live server's
  database and returns the Partnership; its sign-ins are ``DEMO_USERS`` with ``DEMO_PASSWORD``.
- ``sign_in(page, email, password=DEMO_PASSWORD)``: signs in through the real form.
- ``assert_accessible(page)``: runs axe-core on the current page and fails on any serious or
  critical violation.
- ``browser``: the session's Chromium, for tests that need a context of their own.

Mark every test in this folder ``@pytest.mark.browser`` (or set ``pytestmark``).
"""

import os

# Playwright's sync API runs an asyncio event loop in this thread, so Django sees a "running
# loop" and refuses ORM calls made from the test (SynchronousOnlyOperation) although nothing
# here is async. The well-known workaround is to switch that check off for the browser suite;
# it must be set before Django runs its first query.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from demo.users import DEMO_PASSWORD, DEMO_USERS  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
MAIN_CSS = settings.BASE_DIR / "core" / "static" / "core" / "css" / "main.css"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}

DEMO_SLUG = "safer-maidstone"
COORDINATOR, MEMBER, VIEWER = (email for email, *_ in DEMO_USERS)

_MISSING = {
    CHROMIUM: "Debian's Chromium is missing: apt-get install -y chromium (never `playwright install`)",
    AXE_JS: "axe-core is missing: run `npm install`",
    MAIN_CSS: "The CSS is not built: run `npm run build`",
}


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, started once per session. Never downloads a browser."""
    for path, message in _MISSING.items():
        if not path.exists():
            pytest.fail(message, pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash passwords cheaply: the live server runs in this process, so it sees this too.

    The demo loader creates three users and every journey signs in; the production hasher
    would spend most of the suite's time on key stretching.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh context (no cookies) and page per test, with the live server as base URL.

    ``bypass_csp``: axe-core is injected as a <script> tag, which our Content-Security-Policy
    (scripts need the response's nonce) would block. Only the test injects scripts; users never
    do. test_accessibility.py checks separately, with the policy enforced, that our pages raise
    no CSP violation. Uncaught JavaScript errors fail the test.
    """
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def demo(live_server, transactional_db):
    """Load the demo partnership into the live server's database; return the Partnership."""
    from partnership.models import Partnership

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Partnership.objects.get(slug=DEMO_SLUG)


def _sign_in(page: Page, email: str, password: str = DEMO_PASSWORD, next_url: str = "/") -> None:
    page.goto(f"/account/sign-in/?next={next_url}")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture
def sign_in():
    """``sign_in(page, email, password=DEMO_PASSWORD, next_url="/")`` through the sign-in form."""
    return _sign_in


def _axe_violations(page: Page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        # resultTypes: only violations are wanted, so axe skips detailing what passed.
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]


def format_violations(where: str, violations: list[dict]) -> str:
    """One line per violation, then its offending nodes: for failure messages."""
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        lines.extend(f"    {', '.join(node['target'])}" for node in v["nodes"])
    return "\n".join(lines)


def _assert_accessible(page: Page) -> None:
    violations = _axe_violations(page)
    assert not violations, "axe-core found:\n" + format_violations(page.url, violations)


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: axe-core finds no serious or critical violation."""
    return _assert_accessible


@pytest.fixture
def axe_violations():
    """``axe_violations(page)``: the serious and critical violations, for collecting many."""
    return _axe_violations
