"""Issues 10 and 16: the pages of partnership, plan, funding and engagement are built on the kit.

Each page here is rendered with the empty values the crawl found printed as "None" (a body
without a website or short name, a group that reports to no one, a measure without a
target, a request without a priority, an objective without priorities or sub-groups), and
checked the way the crawl checks it: no Python "None" shown as a value, no HTML escaped into
text, and every data table inside a labelled, focusable scroll region.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from engagement.factories import ConsultationFactory, EventFactory, PublicMeetingFactory
from funding.factories import FundingRequestFactory, PotFactory
from partnership.factories import BodyFactory, GroupFactory, MembershipFactory, PersonFactory
from plan.factories import MeasureFactory, ObjectiveFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

NONE_SHOWN = re.compile(r"\bNone\b(?! of\b)")
ESCAPED_TAG = re.compile(r"<(?:a|span|strong|p|div)\b[^<>]*>")


def problems(html: str) -> list[str]:
    """What the crawl would report on this page (the server-side half of its checks)."""
    soup = BeautifulSoup(html, "lxml")
    main = soup.find("main") or soup
    found = []
    text = main.get_text(" ")
    for match in NONE_SHOWN.finditer(text):
        found.append(f"None shown: …{text[max(0, match.start() - 40) : match.end() + 20]!r}")
    if ESCAPED_TAG.search(text):
        found.append(f"escaped HTML: {ESCAPED_TAG.search(text).group()!r}")
    for table in main.find_all("table"):
        region = table.find_parent(class_="csp-table-scroll")
        caption = table.caption.get_text(" ", strip=True) if table.caption else ""
        if region is None:
            found.append(f"table outside a scroll region: {caption!r}")
        elif not (
            region.get("role") == "region"
            and region.get("tabindex") == "0"
            and region.get("aria-label")
            and region.get("aria-label") != "Table (scrolls sideways on small screens)"
        ):
            found.append(f"scroll region not labelled by its table: {caption!r}")
    return found


def _values(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "lxml")
    return {
        row.find("dt").get_text(" ", strip=True): row.find("dd").get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }


def _get(client, name: str, slug: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs={"slug": slug, **kwargs}))
    assert response.status_code == 200, name
    return response.content.decode()


def test_a_body_without_website_or_short_name_reads_not_recorded(world, client_for):
    body = BodyFactory(partnership=world.partnership, short_name="", website="")
    html = _get(client_for("anonymous"), "partnership:body_detail", world.slug, pk=body.pk)
    assert problems(html) == []
    assert _values(html)["Website"] == "Not recorded"
    assert _values(html)["Short name"] == "Not recorded"


def test_a_body_website_is_one_link_escaped_once(world, client_for):
    body = BodyFactory(partnership=world.partnership, website="https://example.org/?a=1&b=2")
    html = _get(client_for("anonymous"), "partnership:body_detail", world.slug, pk=body.pk)
    assert problems(html) == []
    assert '<a class="govuk-link" href="https://example.org/?a=1&amp;b=2">' in html


def test_a_person_organisation_is_a_link_not_escaped_markup(world, client_for):
    body = world.bodies["public"]
    person = PersonFactory(partnership=world.partnership, body=body)
    html = _get(client_for("anonymous"), "partnership:person_detail", world.slug, pk=person.pk)
    assert problems(html) == []
    href = reverse("partnership:body_detail", kwargs={"slug": world.slug, "pk": body.pk})
    assert f'<a class="govuk-link" href="{href}">{body.name}</a>' in html


def test_a_person_without_organisation_reads_not_recorded(world, client_for):
    person = PersonFactory(partnership=world.partnership, body=None)
    html = _get(client_for("coordinator"), "partnership:person_detail", world.slug, pk=person.pk)
    assert problems(html) == []
    assert _values(html)["Organisation"] == "Not recorded"


def test_a_group_that_reports_to_no_one_says_so(world, client_for):
    group = GroupFactory(partnership=world.partnership, reports_to=None)
    html = _get(client_for("anonymous"), "partnership:group_detail", world.slug, pk=group.pk)
    assert problems(html) == []
    assert _values(html)["Reports to"] == "Does not report to a group"


def test_a_measure_without_target_says_no_target_set(world, client_for):
    plan = PlanFactory(partnership=world.partnership, summary="")
    MeasureFactory(plan=plan, target=None, unit="incidents", name="Untargeted")
    measure = MeasureFactory(plan=plan, target=None, unit="%")
    client = client_for("anonymous")
    html = _get(client, "plan:measure_detail", world.slug, pk=measure.pk)
    assert problems(html) == []
    assert _values(html)["Target"] == "No target set"
    assert _values(html)["Objective"] == "Not linked to an objective"
    html = _get(client, "plan:plan_detail", world.slug, pk=plan.pk)
    assert problems(html) == []
    assert "No target set" in html
    assert "None incidents" not in html


def test_an_objective_without_priorities_or_sub_groups_says_so(world, client_for):
    plan = PlanFactory(partnership=world.partnership, summary="")
    ObjectiveFactory(plan=plan)
    html = _get(client_for("anonymous"), "plan:plan_detail", world.slug, pk=plan.pk)
    assert problems(html) == []
    values = _values(html)
    assert values["Priorities"] == "Not linked to a priority"
    assert values["Sub-groups"] == "No sub-group assigned"
    assert values["Summary"] == "Not recorded"


def test_an_objective_lists_its_priorities_and_groups_as_links(world, client_for):
    plan = PlanFactory(partnership=world.partnership)
    objective = ObjectiveFactory(plan=plan)
    first = PriorityFactory(partnership=world.partnership, name="Burglary & theft")
    objective.priorities.add(first, PriorityFactory(partnership=world.partnership))
    objective.groups.add(world.groups["public"])
    html = _get(client_for("anonymous"), "plan:plan_detail", world.slug, pk=plan.pk)
    assert problems(html) == []
    href = reverse("plan:priority_detail", kwargs={"slug": world.slug, "pk": first.pk})
    assert f'<a class="govuk-link" href="{href}">Burglary &amp; theft</a>, ' in html


def test_priority_pages_keep_their_tables_in_scroll_regions(world, client_for):
    priority = PriorityFactory(partnership=world.partnership)
    MeasureFactory(plan=PlanFactory(partnership=world.partnership), priority=priority, target=None)
    client = client_for("anonymous")
    assert problems(_get(client, "plan:priority_list", world.slug)) == []
    html = _get(client, "plan:priority_detail", world.slug, pk=priority.pk)
    assert problems(html) == []
    assert "No target set" in html


def test_a_request_without_priority_or_theme_says_so(world, client_for):
    request = FundingRequestFactory(
        pot=PotFactory(partnership=world.partnership), priority=None, theme=""
    )
    client = client_for("anonymous")
    html = _get(client, "funding:request_detail", world.slug, pk=request.pk)
    assert problems(html) == []
    assert _values(html)["Priority"] == "Not linked to a priority"
    assert problems(_get(client, "funding:pot_list", world.slug)) == []
    assert problems(_get(client, "funding:pot_detail", world.slug, pk=request.pot_id)) == []


def test_engagement_pages_without_summaries(world, client_for):
    client = client_for("anonymous")
    event = EventFactory(partnership=world.partnership, summary="", priority=None)
    meeting = PublicMeetingFactory(partnership=world.partnership, summary="")
    consultation = ConsultationFactory(partnership=world.partnership, summary="")
    for name, kwargs in [
        ("engagement:event_list", {}),
        ("engagement:event_detail", {"pk": event.pk}),
        ("engagement:public_meeting_detail", {"pk": meeting.pk}),
        ("engagement:consultation_detail", {"pk": consultation.pk}),
        ("engagement:consultation_list", {}),
    ]:
        assert problems(_get(client, name, world.slug, **kwargs)) == [], name


def test_the_checker_finds_what_the_crawl_found():
    bad = (
        '<main><dl><dd>None</dd></dl><p>&lt;a class="govuk-link" href="/"&gt;x&lt;/a&gt;</p>'
        "<table><caption>Loose</caption></table></main>"
    )
    assert len(problems(bad)) == 3


def test_each_approve_membership_page_names_its_record(world, client_for):
    client = client_for("coordinator")
    titles = set()
    for person in (world.people["public"], world.member_person):
        membership = MembershipFactory(group=world.groups["public"], person=person)
        html = _get(client, "partnership:membership_approve", world.slug, pk=membership.pk)
        title = BeautifulSoup(html, "lxml").title.get_text(strip=True)
        assert person.name in title and world.groups["public"].name in title
        titles.add(title)
    assert len(titles) == 2
