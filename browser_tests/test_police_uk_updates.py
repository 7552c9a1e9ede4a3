"""The crime imports page with monthly police.uk updates: readable at 1280 and 320 px, accessible."""

import os

import pytest
from django.utils import timezone

from browser_tests.conftest import COORDINATOR, DEMO_SLUG
from crime.models import PoliceUkUpdate, UpdateStatus

pytestmark = pytest.mark.browser


def _updates(partnership) -> None:
    done = PoliceUkUpdate.objects.create(
        base_url="https://data.police.uk",
        status=UpdateStatus.DONE,
        forces=["kent"],
        months_listed=["2018-07", "2018-06", "2018-05"],
        arrived=[
            {"dataset": "street", "force": "kent", "month": "2018-07", "rows": 14_211},
            {"dataset": "outcomes", "force": "kent", "month": "2018-07", "rows": 9_876},
        ],
        replaced=[
            {
                "dataset": "street",
                "force": "kent",
                "month": "2018-06",
                "rows": 14_020,
                "previous_rows": 14_001,
            }
        ],
        flags=["Kent street data for July 2018: 812 of 14,211 rows (6%) have no location"],
        warnings=[
            "police.uk no longer lists April 2018, which it listed before: the store keeps "
            "the Kent data already imported for it"
        ],
        finished=timezone.now(),
    )
    failed = PoliceUkUpdate.objects.create(
        base_url="https://data.police.uk",
        status=UpdateStatus.FAILED,
        forces=["kent"],
        error="https://data.police.uk/data/archive/2018-08.zip: the download stopped after "
        "1,048,576 of 1,711,276,032 bytes. Nothing was imported; the store is unchanged.",
        finished=timezone.now(),
    )
    for update in (done, failed):
        update.partnerships.add(partnership)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_imports_page_shows_monthly_updates(page, demo, sign_in, assert_accessible, width):
    _updates(demo)
    sign_in(page, COORDINATOR)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/p/{DEMO_SLUG}/crime/imports/")
    assert page.get_by_role("heading", name="Monthly police.uk updates").is_visible()
    assert page.get_by_text("Kent street, July 2018: 14,211 rows").is_visible()
    assert page.get_by_text("the download stopped after").is_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide at {width} px"
    if shots := os.environ.get("CSPHUB_SHOTS"):  # a folder to look at the page in
        page.screenshot(path=f"{shots}/imports-{width}.png", full_page=True)
    assert_accessible(page)
