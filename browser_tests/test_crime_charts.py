"""Issue 10 point 4: the Crime data page's chart per category, at 1280 px and 320 px.

Chart text is at least 12 px on screen, the page does not scroll sideways, each chart sits in a
labelled region, and axe finds nothing serious.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DEMO_SLUG
from browser_tests.test_chart_text import MEASURE, MIN_PX

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("CSPHUB_SHOTS")


@pytest.mark.parametrize("width", [1280, 320])
def test_crime_category_charts_read_at_every_width(page, demo, width, assert_accessible):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/p/{DEMO_SLUG}/crime/")
    expect(page.locator("svg.csp-chart").first).to_be_visible()
    charts = page.locator("svg.csp-chart")
    assert charts.count() >= 10
    texts = page.evaluate(MEASURE)
    small = [t for t in texts if t["px"] < MIN_PX or t["height"] < MIN_PX]
    assert small == [], f"chart text under {MIN_PX} px at {width} px: {small[:5]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region = charts.first.locator("xpath=..")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label").startswith("Chart: ")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/crime-data-{width}.png", full_page=True)
    assert_accessible(page)
