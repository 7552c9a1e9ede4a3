"""Issue 15: partner datasets and road casualties, from declaring a dataset to the assessment."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DEMO_SLUG, MEMBER

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"
SHOTS = Path(os.environ.get("CSPHUB_SHOTS", "/tmp/shots")) / "evidence"  # noqa: S108


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return settings.CSPHUB_DATA_DIR


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} is {scroll} px wide at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_member_declares_a_dataset_loads_a_bad_then_good_file_and_the_public_see_suppression(
    data_dir, page, demo, sign_in, assert_accessible, browser, live_server, tmp_path
):
    # The public first: the demo's datasets, with small numbers suppressed on a dataset page.
    page.goto(f"{P}/evidence/")
    expect(page.get_by_role("heading", name="Partner evidence", level=1)).to_be_visible()
    assert_accessible(page)
    _shot(page, "index-public")
    page.get_by_role("link", name="Deliberate secondary fires", exact=True).click()
    expect(page.get_by_text("Demonstration data — synthetic figures")).to_be_visible()
    assert_accessible(page)
    _shot(page, "detail-public")
    public_table = page.locator("table").first.inner_text()

    sign_in(page, MEMBER)
    page.goto(f"{P}/evidence/")
    page.get_by_role("link", name="Deliberate secondary fires", exact=True).click()
    partner_table = page.locator("table").first.inner_text()
    assert "fewer than 5" not in partner_table
    if "fewer than 5" in public_table:
        assert public_table != partner_table

    page.goto(f"{P}/evidence/")
    page.get_by_role("link", name="Declare Violence against fire staff").click()
    assert_accessible(page)
    _shot(page, "declare")
    expect(page.get_by_label("Title")).to_have_value("Violence against fire staff")
    page.get_by_label("Title").fill("Attacks on fire crews")
    page.get_by_role("button", name="Declare dataset").click()
    expect(page.get_by_role("heading", name="Attacks on fire crews")).to_be_visible()
    page.get_by_role("link", name="Load a file").click()
    bad = tmp_path / "fire-staff-2010-07.csv"
    bad.write_text("period,count,notes\n2010-07,3,crew attacked on Week Street\n")
    page.get_by_label("Period").fill("2010-07")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(bad))
    page.get_by_role("button", name="Load file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "fire-staff-2010-07.csv line 1: column 'notes' is personal data"
    )
    assert_accessible(page)
    _shot(page, "upload-error")
    good = tmp_path / "fire-staff-2010-07-fixed.csv"
    good.write_text("period,count\n2010-07,3\n")
    page.get_by_label("Period").fill("2010-07")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(good))
    page.get_by_role("button", name="Load file").click()
    expect(page.get_by_text(re.compile("Loaded 1 rows"))).to_be_visible()
    expect(page.get_by_role("cell", name="fire-staff-2010-07-fixed.csv")).to_be_visible()
    assert_accessible(page)
    _shot(page, "detail-member")
    page.goto(f"{P}/evidence/road-casualties/upload/")
    assert_accessible(page)
    _shot(page, "road-upload")


def test_the_demo_assessment_shows_partner_rows_charts_and_files(
    data_dir, page, demo, assert_accessible
):
    page.goto(f"{P}/assessments/")
    page.get_by_role("link", name=re.compile("^Strategic assessment")).click()
    expect(page.get_by_role("heading", name="Partner data and road casualties")).to_be_visible()
    expect(page.get_by_text("Domestic abuse incidents (Demonstration data)").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "heading", name="Partner data and road casualties"
    ).scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 1400})
        page.get_by_role(
            "heading", name="Partner data and road casualties"
        ).scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"assessment-partner-{width}.png")
