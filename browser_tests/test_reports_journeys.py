"""Issue 12: a scrutiny officer (viewer) reads the 14 March 2011 pack in Chromium.

For each area of questioning the record answers, the evidence is one click away; the pack
page has no serious or critical axe-core violation; unanswered areas read "Not yet answered".
"""

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DEMO_SLUG, VIEWER

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"


def test_viewer_opens_the_march_2011_pack_and_reaches_each_answers_evidence_in_one_click(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, VIEWER)
    page.goto(f"{P}/reports/")
    page.get_by_role("link", name="Update from Safer Maidstone Partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Update from Safer Maidstone Partnership"
    )
    assert_accessible(page)
    pack = page.url
    areas = page.locator("li.pack-question")
    expect(areas).to_have_count(14)
    expect(areas.nth(0).locator(".pack-answer")).to_have_text("Not yet answered")
    answered = [n for n in range(14) if areas.nth(n).locator(".pack-unanswered").count() == 0]
    assert [n + 1 for n in answered] == [2, 3, 7, 12, 13]
    for n in answered:
        link = page.locator("li.pack-question").nth(n).locator(".pack-records a").first
        title = link.inner_text()
        link.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.url != pack, f"area {n + 1}: {title} did not open a record"
        assert page.title() and "Page not found" not in page.content()
        page.goto(pack)


def test_the_pack_reads_at_320_pixels(page, demo, sign_in, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{P}/reports/")
    page.get_by_role("link", name="Update from Safer Maidstone Partnership").click()
    expect(page.locator("li.pack-question")).to_have_count(14)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the pack scrolls sideways at 320 px ({width} px wide)"
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_coordinator_drafts_an_annual_report_and_reads_the_plan_document(
    page, demo, sign_in, assert_accessible, width
):
    from browser_tests.conftest import COORDINATOR

    sign_in(page, COORDINATOR)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{P}/")
    expect(page.get_by_role("heading", name="Statutory duties")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{P}/reports/annual/new/")
    page.get_by_label("Financial year").fill("2010")
    page.get_by_role("button", name="Draft from the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Annual report: April 2010 to March 2011 (2010/11)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    page.goto(f"{P}/plan/")
    page.get_by_role("link", name="Safer Maidstone Partnership plan").first.click()
    page.get_by_role("link", name="read it").click()
    expect(page.get_by_role("heading", name="Objectives and targets")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
