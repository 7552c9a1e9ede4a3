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


@pytest.fixture
def leeds_data(demo, settings, tmp_path):
    """The demo partnership re-pointed at Leeds, over a store of the real West Yorkshire files.

    The demo's synthetic Kent rows carry no map points (there are no LSOA locations to invent
    them from), so the map is looked at over real police.uk data.
    """
    from crime.geography import load_geography
    from crime.ingest import import_paths
    from crime.store import Store

    testdata = settings.BASE_DIR / "var" / "testdata" / "crime_sim_toolkit" / "crime_sim_toolkit"
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    store = Store(tmp_path / "data" / "crime")
    load_geography(
        lookup_csv=testdata / "src" / "LSOA_data" / "PoliceforceLSOA.csv",
        population_csv=testdata / "src" / "LSOA_data" / "census_2011_population_hh.csv",
        store=store,
    )
    import_paths([testdata / "tests" / "testing_data" / "test_policedata"], store=store)
    demo.area_codes = ["E08000035"]
    demo.save(update_fields=["area_codes"])
    return demo


@pytest.mark.parametrize("width", [1280, 320])
def test_hotspot_map_reads_at_every_width(page, leeds_data, width, assert_accessible):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/p/{DEMO_SLUG}/crime/")
    page.locator('a[href$="/crime/hotspots/burglary/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hotspots: Burglary")
    expect(page.get_by_role("region", name="Map: Burglary")).to_be_visible()
    texts = page.evaluate(MEASURE)
    small = [t for t in texts if t["px"] < MIN_PX or t["height"] < MIN_PX]
    assert small == [], f"map text under {MIN_PX} px at {width} px: {small[:5]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.get_by_role("cell").first).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/hotspots-{width}.png", full_page=True)
    assert_accessible(page)
