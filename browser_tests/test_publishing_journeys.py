"""Issue 14: the public site, walked as a member of the public from the partnership's front
page, and as the coordinator; every page read at 1280 and 320 px.

Set CSPHUB_SHOTS=/some/folder to keep a screenshot of each page (role, width, page).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import COORDINATOR, DEMO_SLUG

pytestmark = pytest.mark.browser

SECTIONS = [
    ("Who the partners are", "Who the partners are"),
    ("Meetings, agendas and minutes", "Meetings, agendas and minutes"),
    ("Plan and priorities", "Plan and priorities"),
    ("Annual report and assessments", "Annual report and assessments"),
    ("Public meetings and consultations", "Public meetings and consultations"),
    ("Follow by e-mail, RSS, Atom or calendar", "Follow by e-mail, RSS, Atom or calendar"),
]


def _shot(page, role: str, width: int, name: str) -> None:
    folder = os.environ.get("CSPHUB_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{role}-{width}-{name}.png", full_page=True)


def _check(page, role, width, name, assert_accessible):
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{name} is {scroll} px wide at {width} px"
    assert "None" not in page.locator("main").inner_text().split()
    assert_accessible(page)
    _shot(page, role, width, name)


def _both_widths(page, name, assert_accessible):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        _check(page, "coordinator", width, name, assert_accessible)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("width", [1280, 320])
def test_the_public_walk_the_public_site_from_the_front_page(page, demo, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    page.get_by_role("link", name=f"Public information about {demo.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.name)
    _check(page, "public", width, "front", assert_accessible)
    feeds = page.locator('head link[rel="alternate"]')
    assert feeds.count() == 6
    front = page.url
    for link, heading in SECTIONS:
        page.get_by_role("navigation", name=f"Public information about {demo.name}").get_by_role(
            "link", name=link
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _check(page, "public", width, link.split()[0].strip(",").lower(), assert_accessible)
        page.get_by_role("link", name="Public information", exact=True).click()
        assert page.url == front
    # From the front page to the record itself: the latest minutes, then the feed of them.
    minutes = page.locator("h2:has-text('Latest minutes') + ul a").first
    title = minutes.inner_text()
    minutes.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/minutes/" in page.url, title
    rss = page.request.get(f"/p/{DEMO_SLUG}/public/feeds/minutes.rss")
    assert rss.ok and rss.headers["content-type"].startswith("application/rss+xml")
    assert "<item>" in rss.text()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_coordinator_reads_the_same_pages(page, demo, sign_in, assert_accessible, width):
    sign_in(page, COORDINATOR, next_url=f"/p/{DEMO_SLUG}/public/")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/p/{DEMO_SLUG}/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.name)
    _check(page, "coordinator", width, "front", assert_accessible)
    for link, heading in SECTIONS:
        page.goto(f"/p/{DEMO_SLUG}/public/")
        page.get_by_role("navigation", name=f"Public information about {demo.name}").get_by_role(
            "link", name=link
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _check(page, "coordinator", width, link.split()[0].strip(",").lower(), assert_accessible)
    expect(page.get_by_text("Your private addresses")).to_be_visible()


def test_the_coordinator_publishes_a_notice_and_then_what_was_discussed(
    page, browser, live_server, demo, sign_in, assert_accessible
):
    import datetime as dt

    from django.utils import timezone

    from engagement.services import public_meeting_record

    today = timezone.localdate()
    coming = public_meeting_record(
        partnership=demo, held_on=today + dt.timedelta(days=14), venue="Maidstone Town Hall"
    )
    held = public_meeting_record(
        partnership=demo, held_on=today - dt.timedelta(days=1), venue="Hazlitt Theatre"
    )
    sign_in(page, COORDINATOR)
    page.goto(f"/p/{DEMO_SLUG}/engagement/public-meetings/{coming.pk}/")
    page.get_by_role("button", name="Publish the notice", exact=True).click()
    _both_widths(page, "notice-form", assert_accessible)
    page.get_by_role("button", name="Publish the notice today").click()
    expect(page.get_by_text("Notice published", exact=True).first).to_be_visible()
    page.goto(f"/p/{DEMO_SLUG}/engagement/public-meetings/{held.pk}/")
    page.get_by_role("button", name="Publish what was discussed").click()
    _both_widths(page, "summary-form", assert_accessible)
    page.get_by_label("What was discussed").fill(
        "Residents asked about anti-social behaviour in the town centre."
    )
    page.get_by_role("button", name="Publish the summary today").click()
    expect(page.get_by_text("Summary published", exact=True).first).to_be_visible()

    public = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        visitor = public.new_page()
        for width in (1280, 320):
            visitor.set_viewport_size({"width": width, "height": 900})
            visitor.goto(f"/p/{DEMO_SLUG}/public/have-your-say/")
            notice = f"Notice published on {today.day} {today:%B %Y}"
            expect(visitor.get_by_text(notice)).to_be_visible()
            expect(visitor.get_by_text("anti-social behaviour in the town centre")).to_be_visible()
            _check(visitor, "public", width, "have-your-say-published", assert_accessible)
    finally:
        public.close()
