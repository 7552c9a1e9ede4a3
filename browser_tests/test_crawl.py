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
from browser_tests.crawl import WIDE, CrawlResult, check_page, crawl

pytestmark = pytest.mark.browser

ROLES = {"public": None, "coordinator": COORDINATOR, "member": MEMBER, "viewer": VIEWER}
# Per role; the demo takes well under this on two shared cores (docs/testing.md).
TIME_BOUND_SECONDS = 600


@pytest.mark.crawl
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
        Path(folder).mkdir(parents=True, exist_ok=True)
        Path(folder, f"crawl-{role}.txt").write_text(result.report() + "\n")
    assert result.pages > 50, f"the crawl found too few pages: {result.summary()}"
    if result.failures:
        pytest.fail(result.report(), pytrace=False)


# The checks themselves, on pages written to fail them (and one written to pass): not marked
# ``crawl``, so they run with the rest of the browser suite.
BAD_PAGE = """<html lang="en"><head><title>Bad</title></head><body><main>
<h1>Bad</h1><h1>Twice</h1>
<dl class="govuk-summary-list"><div class="govuk-summary-list__row">
<dt class="govuk-summary-list__key">Website</dt><dd class="govuk-summary-list__value">None</dd>
</div></dl>
<p>Target: nan incidents</p>
<p>&lt;a class="govuk-link" href="/x/"&gt;Kent Police&lt;/a&gt;</p>
<pre>Traceback (most recent call last):</pre>
<table style="width: 600px"><tr><td>A table wider than a small screen</td></tr></table>
</main></body></html>"""

GOOD_PAGE = """<html lang="en"><head><title>Good</title></head><body><main>
<h1>Good</h1>
<p>None of the actions is overdue. Attendance: None recorded.</p>
<div class="csp-table-scroll" role="region" aria-label="Table" tabindex="0"
style="overflow-x: auto; position: relative">
<table style="width: 600px"><tr><td>A table wider than a small screen
<span style="position: absolute; right: 0; width: 1px; overflow: hidden">hidden</span></td>
</tr></table></div>
<div role="region" aria-label="Wide" tabindex="0" style="overflow-x: scroll">
<p style="width: 900px">Wide inside a labelled region</p></div>
</main></body></html>"""


def test_the_crawl_checks_catch_each_defect(page):
    result = CrawlResult(role="test")
    page.set_viewport_size(WIDE)
    page.set_content(BAD_PAGE)
    check_page(page, result, "/bad/", titles={}, axed_narrow=set())
    assert set(result.failures) == {
        "None/nan shown",
        "escaped HTML",
        "traceback",
        "h1 count",
        "reflow at 320 px",
    }, result.report()
    assert 'summary list "Website"' in result.report()


def test_the_crawl_checks_pass_prose_and_labelled_scroll_regions(page):
    result = CrawlResult(role="test")
    page.set_viewport_size(WIDE)
    page.set_content(GOOD_PAGE)
    check_page(page, result, "/good/", titles={}, axed_narrow=set())
    assert not result.failures, result.report()
