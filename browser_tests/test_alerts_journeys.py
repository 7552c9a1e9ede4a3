"""Issue 14: e-mail alerts, end to end in Chromium.

A member of the public asks for alerts about the delivery group's minutes, confirms by the link
in the e-mail (locmem), the coordinator writes, circulates and approves minutes in the browser,
and exactly one alert arrives, whose link opens the minutes.
"""

import re

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import COORDINATOR, DEMO_SLUG

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"
GROUP = "Safer Maidstone Partnership Delivery Group"
RESIDENT = "resident@example.net"


def _schedule(page, day: str, month: str, year: str) -> str:
    page.goto(f"{P}/meetings/")
    page.get_by_role("button", name="Schedule a meeting").click()
    page.get_by_label("Group").select_option(label=GROUP)
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    page.get_by_label("Scheduled").check()
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("scheduled")
    return page.url


def test_the_public_subscribes_to_minutes_and_gets_one_alert_when_they_are_approved(
    page, browser, live_server, demo, sign_in, assert_accessible, mailoutbox, settings
):
    settings.SITE_URL = live_server.url

    # A member of the public finds the group and asks for alerts about its minutes.
    page.goto(f"{P}/groups/")
    page.get_by_role("link", name=GROUP, exact=True).click()
    page.get_by_role("link", name="Get e-mail alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get e-mail alerts")
    page.get_by_role("button", name="Get alerts").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the e-mail address")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(RESIDENT)
    page.get_by_label("Minutes, when they are approved and published").check()
    page.get_by_label("Straight away, one e-mail for each").check()
    page.get_by_role("button", name="Get alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    # The confirmation e-mail: nothing is sent until its link is followed.
    (confirmation,) = mailoutbox
    assert confirmation.to == [RESIDENT]
    link = re.search(r"(http\S+/alerts/confirm/\S+/)", confirmation.body).group(1)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Start my alerts").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Your e-mail alerts have started")
    mailoutbox.clear()

    # The coordinator writes, circulates and approves minutes.
    sign_in(page, COORDINATOR)
    first = _schedule(page, "14", "1", "2031")
    second = _schedule(page, "11", "3", "2031")
    page.goto(first)
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Number").fill("1")
    page.get_by_label("Title").fill("Night-time economy")
    page.get_by_label("Minute text (optional)").fill("The group reviewed the town centre patrols.")
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Minutes circulated"
    )
    assert [m for m in mailoutbox if RESIDENT in m.to] == []  # circulation is not publication
    page.goto(second)
    page.get_by_role("link", name="Approve the minutes of 14 January 2031 at this meeting").click()
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Minutes of 14 January 2031 approved"
    )

    # Exactly one alert, and its link opens the minutes for the public.
    alerts = [m for m in mailoutbox if RESIDENT in m.to]
    assert len(alerts) == 1
    (alert,) = alerts
    assert alert.subject == f"Minutes published: Minutes of the meeting of {GROUP}, 14 January 2031"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    minutes_url = re.search(r"(http\S+/meetings/\d+/minutes/)", alert.body).group(1)
    public = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB")
    reader = public.new_page()
    reader.goto(minutes_url)
    expect(reader.locator("main")).to_contain_text("Night-time economy")
    expect(reader.locator("main")).to_contain_text("The group reviewed the town centre patrols.")

    # The unsubscribe link in the alert works with one click.
    leave = re.search(r"(http\S+/alerts/unsubscribe/\S+/)", alert.body).group(1)
    reader.goto(leave)
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    public.close()
