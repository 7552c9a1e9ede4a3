"""Issue 2: each role on the partnership register, in Chromium.

Coordinators add and fix records through GOV.UK error summaries; members and viewers read
partner-level records but cannot change them; the public never sees e-mail addresses.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from browser_tests.conftest import COORDINATOR, DEMO_SLUG, MEMBER, VIEWER

pytestmark = pytest.mark.browser

P = f"/p/{DEMO_SLUG}"


def _error_summary(page: Page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    return summary


def test_coordinator_adds_a_body_after_fixing_the_errors_in_the_summary(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR)
    page.goto(f"{P}/bodies/")
    page.get_by_role("button", name="Add a body").click()
    page.get_by_role("button", name="Save").click()

    summary = _error_summary(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link")).not_to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("Maidstone Street Pastors")
    page.get_by_label("Co-operating body").check()
    page.get_by_label("Public", exact=True).check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Maidstone Street Pastors")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added")
    page.goto(f"{P}/bodies/")
    expect(page.get_by_role("link", name="Maidstone Street Pastors")).to_be_visible()


def test_coordinator_adds_a_person_after_fixing_clashing_initials_and_a_bad_email(
    page, demo, sign_in
):
    sign_in(page, COORDINATOR, next_url=f"{P}/people/")
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Full name").fill("Mary Ann Example")
    page.get_by_label("Initials").fill("MA")
    page.get_by_label("Work e-mail address (optional)").fill("not-an-address")
    page.get_by_role("button", name="Save").click()

    summary = _error_summary(page)
    expect(summary).to_contain_text("Martin Adams already uses the initials MA")
    expect(summary).to_contain_text(re.compile(r"e-?mail address in the correct format", re.I))
    summary.get_by_role("link", name=re.compile("Martin Adams")).click()
    expect(page.get_by_label("Initials")).to_be_focused()

    page.get_by_label("Initials").fill("MAE")
    page.get_by_label("Work e-mail address (optional)").fill("mary.example@example.org")
    page.get_by_label("Organisation (optional)").select_option(label="Maidstone Borough Council")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mary Ann Example")
    expect(page.locator(".govuk-summary-list")).to_contain_text("mary.example@example.org")
    page.goto(f"{P}/people/")
    expect(page.get_by_role("row", name=re.compile("MAE Mary Ann Example"))).to_be_visible()


def test_coordinator_adds_a_group_proposes_a_member_and_records_the_approval(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR, next_url=f"{P}/groups/")
    page.get_by_role("button", name="Add a group").click()
    page.get_by_label("Name", exact=True).fill("Night-time Economy Sub-group")
    page.get_by_label("Sub-group").check()
    page.get_by_label("Priority it serves (optional)").fill("Alcohol-related violence")
    page.get_by_label("Reports to (optional)").select_option(
        label="Safer Maidstone Partnership Delivery Group"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Night-time Economy Sub-group")

    page.get_by_role("button", name="Add a member").click()
    page.get_by_label("Person").select_option(label="Paul Alcock (PA)")
    page.get_by_label("Chair", exact=True).check()
    page.get_by_role("button", name="Propose membership").click()
    members = page.get_by_role("table", name="Members")
    expect(members.get_by_role("row", name=re.compile("Paul Alcock"))).to_contain_text("Proposed")

    members.get_by_role("link", name="Approve Paul Alcock").click()
    page.get_by_role("button", name="Record approval").click()
    _error_summary(page).get_by_role("link").first.click()
    expect(page.get_by_label("Day")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Approved by").select_option(label="Maidstone LSP Board")
    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2010")
    page.get_by_role("button", name="Record approval").click()

    row = page.get_by_role("table", name="Members").get_by_role("row", name=re.compile("Paul"))
    expect(row).to_contain_text("Approved")
    expect(row).to_contain_text("by Maidstone LSP Board, 15 December 2010")


def test_coordinator_import_of_a_bad_people_csv_names_the_row_and_imports_nothing(
    page, demo, sign_in, assert_accessible
):
    sign_in(page, COORDINATOR, next_url=f"{P}/people/")
    page.get_by_role("button", name="Import people from CSV").click()
    bad = (
        b"name,initials,title,body,email\n"
        b"Alice Newcomer,AN,Analyst,Maidstone Borough Council,alice@example.org\n"
        b"Bob Clash,AN,Officer,Kent Police,bob@example.org\n"
    )
    page.get_by_label("CSV file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Import").click()

    summary = _error_summary(page)
    expect(summary).to_contain_text("people.csv line 3")
    expect(summary).to_contain_text("nothing was saved")
    assert_accessible(page)
    page.goto(f"{P}/people/")
    expect(page.get_by_text("Alice Newcomer")).to_have_count(0)

    page.goto(f"{P}/people/import/")
    good = bad.replace(b"Bob Clash,AN", b"Bob Clash,BC")
    page.get_by_label("CSV file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": good}
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 people added")
    expect(page.get_by_role("link", name="Alice Newcomer")).to_be_visible()
    expect(page.get_by_role("link", name="Bob Clash")).to_be_visible()


@pytest.mark.parametrize("email", [MEMBER, VIEWER], ids=["member", "viewer"])
def test_members_and_viewers_read_partner_records_but_cannot_change_them(
    page, demo, sign_in, email
):
    from partnership.models import Group, Person

    person = Person.objects.get(partnership=demo, initials="MA")
    group = Group.objects.filter(partnership=demo).first()
    sign_in(page, email, next_url=f"{P}/people/")

    expect(page.get_by_role("heading", name="People")).to_be_visible()
    expect(page.get_by_text("martin.adams@example.org")).to_be_visible()
    expect(page.get_by_role("button", name="Add a person")).to_have_count(0)
    expect(page.get_by_role("button", name="Import people from CSV")).to_have_count(0)

    page.goto(f"{P}/people/{person.pk}/")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    page.goto(f"{P}/groups/{group.pk}/")
    expect(page.get_by_role("button", name="Add a member")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^(Approve|End|Change)"))).to_have_count(0)
    page.goto(f"{P}/bodies/")
    expect(page.get_by_role("button", name="Add a body")).to_have_count(0)

    for path in (
        f"{P}/people/{person.pk}/edit/",
        f"{P}/people/new/",
        f"{P}/people/import/",
        f"{P}/groups/{group.pk}/edit/",
        f"{P}/bodies/new/",
        f"{P}/edit/",
    ):
        response = page.goto(path)
        assert response.status == 403, f"{path} gave {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_public_reads_the_register_without_email_addresses(page, demo):
    from partnership.models import Person

    person = Person.objects.get(partnership=demo, initials="MA")
    for path in (f"{P}/", f"{P}/people/", f"{P}/people/{person.pk}/", f"{P}/bodies/"):
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        assert "@example.org" not in page.content(), f"an e-mail address is shown on {path}"
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(f"{P}/people/")
    expect(page.get_by_role("link", name="Martin Adams")).to_be_visible()
    expect(page.get_by_role("button", name="Add a person")).to_have_count(0)
    export = page.request.get(f"{P}/people/export.csv").text()
    assert "Martin Adams" in export
    assert "@example.org" not in export

    page.goto(f"{P}/people/{person.pk}/edit/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next="))


def test_sign_out_ends_the_session(page, demo, sign_in):
    sign_in(page, COORDINATOR, next_url=f"{P}/people/")
    expect(page.get_by_role("button", name="Add a person")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(f"{P}/people/new/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
