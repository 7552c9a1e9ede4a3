"""Issue 6: the plan, funding and engagement journeys, in Chromium.

A coordinator records a funding request, checks it against the protocol, approves it at a
meeting item and marks it paid, watching the pot's balances move; records the funder's answer
to a rollover; and takes a stakeholder event's finding forward as an action, which then shows
on the priority's page.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from browser_tests.conftest import COORDINATOR, DEMO_SLUG

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"


def _fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def _select_matching(page: Page, label: str, pattern: str) -> None:
    select = page.get_by_label(label)
    value = select.locator("option", has_text=re.compile(pattern)).first.get_attribute("value")
    select.select_option(value)


def _balance(page: Page, name: str):
    return page.locator(f"main [data-balance={name}]").first


def _open_pot(page: Page) -> None:
    page.goto(f"{P}/funding/")
    page.get_by_role("link", name="SMP under-spend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SMP under-spend")


def test_coordinator_takes_a_request_from_draft_to_paid_under_the_protocol(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR)
    page.goto(f"{P}/funding/")
    assert_accessible(page)
    page.get_by_role("link", name="Set the funding protocol").click()
    page.get_by_label("Who decides").fill("The delivery group, at a meeting")
    page.get_by_label("Coordinator's limit").fill("1000")
    page.get_by_label("Criteria checklist").fill(
        "Serves one of the partnership's priorities\nSays how the spending will be monitored"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding protocol")
    assert_accessible(page)

    _open_pot(page)
    expect(_balance(page, "uncommitted")).to_contain_text("£8,000")
    page.get_by_role("button", name="Record a request").click()
    page.get_by_label("Requesting body").select_option(label="Golding Homes")
    page.get_by_label("Title").fill("Street Pastors winter patrols")
    page.get_by_label("Purpose").fill("Night-time patrols in the town centre over the winter.")
    page.get_by_label("Amount requested").fill("3,000")
    page.get_by_label("Theme (optional)").select_option(label="Prevention")
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Street Pastors winter patrols")
    assert_accessible(page)

    page.get_by_role("button", name="Submit the request").click()
    _fill_date(page, "Date submitted", 10, 1, 2011)
    page.get_by_role("button", name="Submit").click()

    # Deciding before the checks is refused, naming the unmet criteria.
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_label("Approve", exact=True).check()
    _fill_date(page, "Date of the decision", 25, 11, 2010)
    page.get_by_label("Who decided").fill("The delivery group")
    _select_matching(page, "Meeting item where it was decided", r"25 November 2010: 8\.1 ")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("monitored")
    assert_accessible(page)

    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Check against the protocol").click()
    _fill_date(page, "Date checked", 11, 1, 2011)
    page.get_by_label("Serves one of the partnership's priorities").check()
    page.get_by_label("Says how the spending will be monitored").check()
    page.get_by_role("button", name="Save the checks").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Meets every criterion"
    )

    page.get_by_role("button", name="Record the decision").click()
    page.get_by_label("Approve", exact=True).check()
    _fill_date(page, "Date of the decision", 24, 2, 2011)
    page.get_by_label("Who decided").fill("The delivery group")
    _select_matching(page, "Meeting item where it was decided", r"25 November 2010: 8\.1 ")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")
    expect(page.get_by_role("link", name=re.compile("item 8.1"))).to_be_visible()
    expect(_balance(page, "uncommitted")).to_contain_text("£5,000")
    expect(_balance(page, "committed")).to_contain_text("£13,000")

    page.get_by_role("button", name="Mark as paid").click()
    _fill_date(page, "Date paid", 1, 3, 2011)
    page.get_by_role("button", name="Mark as paid").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("paid")
    expect(_balance(page, "paid")).to_contain_text("£3,000")
    expect(_balance(page, "committed")).to_contain_text("£10,000")
    expect(_balance(page, "uncommitted")).to_contain_text("£5,000")


def test_coordinator_records_the_funders_answer_to_the_rollover(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR)
    _open_pot(page)
    expect(page.get_by_text("Waiting for the funder")).to_be_visible()
    page.get_by_role("link", name=re.compile("Record the funder's answer")).click()
    assert_accessible(page)
    page.get_by_label("Approved", exact=True).check()
    _fill_date(page, "Date of the answer", 20, 12, 2010)
    page.get_by_label("Note (optional)").fill("KCC agreed the £8,000 may be spent in 2011/12.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("answer")
    expect(page.get_by_text("Approved by the funder")).to_be_visible()
    expect(_balance(page, "uncommitted")).to_contain_text("£0")
    assert_accessible(page)


def test_a_finding_becomes_an_action_that_the_priority_page_shows(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR)
    page.goto(f"{P}/engagement/outcomes/")
    expect(page.get_by_text("2 of 4 findings taken forward")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Domestic Abuse stakeholder event").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Take forward A one stop shop").click()
    page.get_by_label("An action").check()
    page.get_by_label("What is being done").fill(
        "Scope a one stop shop for domestic abuse services with the Domestic Violence Forum."
    )
    _fill_date(page, "Date recorded", 24, 2, 2011)
    _select_matching(
        page,
        "Meeting where the action is raised (for actions)",
        r"Delivery Group, 24 February 2011",
    )
    page.get_by_label("Action owners (for actions)").fill("SR")
    page.get_by_label("Deadline (for actions, optional)").fill("By next meeting")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Follow-up")
    expect(
        page.get_by_role("link", name=re.compile(r"View the action\s*: Scope a one stop"))
    ).to_be_visible()

    page.goto(f"{P}/engagement/outcomes/")
    expect(page.get_by_text("3 of 4 findings taken forward")).to_be_visible()

    page.goto(f"{P}/plan/priorities/")
    page.get_by_role("link", name="Domestic abuse").click()
    actions = page.get_by_role("table", name="Actions for this priority")
    expect(actions).to_contain_text("Scope a one stop shop")
    expect(actions).to_contain_text("Intervention")
    expect(actions).to_contain_text("Research options for an online domestic abuse network")
    assert_accessible(page)
