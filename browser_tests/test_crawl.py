"""Issues 10 and 16: crawl the whole demo as the public and as each role, and check every page.

Starting from the home page and the demo partnership's overview, every same-origin link is
followed once per role; each page is checked at 1280 px and at 320 × 640 for server errors,
Python values ("None", "nan") and escaped HTML shown as text, tracebacks, serious axe
findings, sideways scrolling outside a labelled scroll region, the number of h1s, and titles
shared by two records (see browser_tests/crawl.py). Every failure is collected and reported
in one message, grouped by check and by URL.

Marked ``crawl`` as well as ``browser``: run it alone with
``.venv/bin/pytest browser_tests/test_crawl.py -m crawl``. Set ``CSPHUB_CRAWL_REPORT`` to a
folder to have each role's report written there as ``crawl-<role>.txt``.
"""

import os
from pathlib import Path

import pytest

from browser_tests.conftest import COORDINATOR, DEMO_SLUG, MEMBER, VIEWER, _sign_in
from browser_tests.crawl import WIDE, crawl

pytestmark = [pytest.mark.browser, pytest.mark.crawl]

ROLES = {"public": None, "coordinator": COORDINATOR, "member": MEMBER, "viewer": VIEWER}
# Per role; the demo takes well under this on two shared cores (docs/testing.md).
TIME_BOUND_SECONDS = 600


@pytest.mark.parametrize("role", list(ROLES))
def test_every_demo_page_passes_the_crawl_checks(browser, live_server, demo, role):
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, locale="en-GB", viewport=WIDE
    )
    context.set_default_timeout(30_000)
    try:
        if ROLES[role]:
            sign_in_page = context.new_page()
            _sign_in(sign_in_page, ROLES[role])
            sign_in_page.close()
        result = crawl(
            context,
            role=role,
            origin=live_server.url,
            start=["/", f"/p/{DEMO_SLUG}/"],
            time_bound=TIME_BOUND_SECONDS,
        )
    finally:
        context.close()
    print(result.summary())
    if folder := os.environ.get("CSPHUB_CRAWL_REPORT"):
        Path(folder, f"crawl-{role}.txt").write_text(result.report() + "\n")
    assert result.pages > 50, f"the crawl found too few pages: {result.summary()}"
    if result.failures:
        pytest.fail(result.report(), pytrace=False)
