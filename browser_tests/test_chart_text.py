"""Issue 16 "Charts": chart text is at least 12 px on screen at 1280 px and at 320 px.

The SVG charts (assessments/charts.py) used to shrink with their column, so their text read 8 px
at 1280 px and 5-6 px at 320 px. Each text element's on-screen size is measured in Chromium: its
font size times the scale the SVG is drawn at, and the height of its bounding box.
"""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DEMO_SLUG

pytestmark = pytest.mark.browser

MIN_PX = 12

# The scale is the length of the CTM's first column, so rotated axis titles measure true too;
# the bounding box's height (its width for text turned on its side) is the line's height.
MEASURE = """() => Array.from(document.querySelectorAll('svg.csp-chart text')).map(t => {
    const m = t.getScreenCTM(), box = t.getBoundingClientRect();
    return {
        text: t.textContent,
        px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
        height: Math.abs(m.b) > Math.abs(m.a) ? box.width : box.height,
    };
})"""


def _open_demo_assessment(page):
    page.goto(f"/p/{DEMO_SLUG}/assessments/")
    page.get_by_role("link", name=re.compile("^Strategic assessment")).first.click()
    expect(page.locator("svg.csp-chart").first).to_be_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_chart_text_is_at_least_12_px_at_every_width(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    _open_demo_assessment(page)
    texts = page.evaluate(MEASURE)
    assert len(texts) > 20, "the demo assessment should draw three charts with labelled axes"
    small = [t for t in texts if t["px"] < MIN_PX or t["height"] < MIN_PX]
    assert small == [], f"chart text under {MIN_PX} px at {width} px: {small[:5]}"
    # The charts scroll inside a labelled region, so the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region = page.locator("svg.csp-chart").first.locator("xpath=..")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label").startswith("Chart: ")
