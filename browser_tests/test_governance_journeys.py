"""Issue 3: the governance record, end to end in Chromium.

A coordinator schedules a meeting, records attendance, writes minutes with actions by initials
and "By next meeting", circulates them; at the next meeting sees the matters arising and approves
the minutes with an amendment; a member marks their action done.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from browser_tests.conftest import COORDINATOR, DEMO_SLUG, MEMBER

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"
GROUP = "Safer Maidstone Partnership Delivery Group"
ACTION = "Draft a protocol for funding requests"


def _schedule(page: Page, day: str, month: str, year: str) -> str:
    page.goto(f"{P}/meetings/")
    page.get_by_role("button", name="Schedule a meeting").click()
    page.get_by_label("Group").select_option(label=GROUP)
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    page.get_by_label("Start time (optional)").fill("11:00")
    page.get_by_label("End time (optional)").fill("12:30")
    page.get_by_label("Room (optional)").fill("Room 6D, Maidstone House")
    page.get_by_label("Scheduled").check()
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("scheduled")
    return page.url


def test_coordinator_minutes_a_meeting_approves_it_next_time_and_a_member_closes_an_action(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR)
    first = _schedule(page, "12", "1", "2012")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting of 12 January 2012")
    second = _schedule(page, "8", "3", "2012")

    # Attendance.
    page.goto(first)
    page.get_by_role("link", name="Record attendance").click()
    for name in ("Martin Adams (MA)", "John Littlemore (JL)", "Sarah Robson (SR)"):
        page.get_by_label(name, exact=True).select_option("present")
    page.get_by_label("Robbie Graham (RG)", exact=True).select_option("apologies")
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Attendance recorded for 4 people"
    )

    # Minutes and an action by initials, due "By next meeting".
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Number").fill("1")
    page.get_by_label("Title").fill("Funding requests")
    page.get_by_label("Minute text (optional)").fill(
        "The group agreed it needs a protocol for funding requests.\n\nJL and SR will draft one."
    )
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Raised at item").select_option(label="1 Funding requests")
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Owners").fill("JL/XQ")
    page.get_by_label("Deadline (optional)").fill("By next meeting")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "No one in the partnership has the initials XQ"
    )
    page.get_by_label("Owners").fill("JL/SR")
    page.get_by_role("button", name="Save", exact=True).click()
    raised = page.get_by_role("table", name="Actions raised at this meeting")
    expect(raised).to_contain_text(ACTION)
    expect(raised).to_contain_text("JL/SR")
    expect(raised).to_contain_text("8 March 2012")  # "By next meeting", resolved
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Agenda published")
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Minutes circulated"
    )
    # Who was sent the circulated minutes, and when, for the coordinator.
    circulation = page.get_by_role("table", name=re.compile(r"of the minutes, circulated"))
    expect(circulation).to_be_visible()
    expect(circulation).to_contain_text("E-mail address")

    # The next meeting: matters arising, and approval with an amendment.
    page.goto(second)
    arising = page.get_by_role("table", name="Matters arising")
    expect(arising).to_contain_text(ACTION)
    assert_accessible(page)
    page.get_by_role("link", name="Approve the minutes of 12 January 2012 at this meeting").click()
    expect(page.get_by_label("Approved at")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Amendment agreed (optional)").fill(
        "MA proposed that the minute name both owners; agreed"
    )
    # The corrected-text box starts with the item's current text.
    page.get_by_label("Item to correct").select_option(label="1 Funding requests")
    page.get_by_role("button", name="Show the item's text").click()
    expect(page.get_by_label("Corrected minute text (optional)")).to_have_value(
        "The group agreed it needs a protocol for funding requests.\n\nJL and SR will draft one."
    )
    expect(page.get_by_label("Item corrected (optional)")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Amendment agreed (optional)").fill(
        "MA proposed that the minute name both owners; agreed"
    )
    page.get_by_label("Corrected minute text (optional)").fill(
        "The group agreed it needs a protocol for funding requests; JL and SR will draft it."
    )
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Minutes of 12 January 2012 approved"
    )
    page.goto(first)
    expect(page.locator("main")).to_contain_text("Approved at the meeting of 8 March 2012")
    expect(page.locator("main")).to_contain_text("MA proposed that the minute name both owners")
    expect(page.get_by_role("link", name="Add an item")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    # The member (JL) marks the action done.
    sign_in(page, MEMBER, next_url=f"{P}/actions/mine/")
    page.get_by_role("link", name=ACTION).click()
    page.get_by_label("Done").check()
    page.get_by_label("Progress note").fill("Protocol drafted and sent to partners")
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Progress recorded")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Done")
    expect(page.locator("main")).to_contain_text("Protocol drafted and sent to partners")
    assert_accessible(page)


def test_a_member_cannot_update_someone_elses_action(page, demo, sign_in):
    sign_in(page, MEMBER, next_url=f"{P}/actions/?owner=")
    page.goto(f"{P}/actions/")
    page.get_by_role("link", name="Take the proposed membership to the LSP Board").click()
    expect(page.get_by_role("button", name="Record progress")).to_have_count(0)
    expect(page.locator(".govuk-summary-list")).to_contain_text("15 December 2010")
