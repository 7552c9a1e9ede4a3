"""Meeting and action pages built on the page kit: links escaped once, no "None", tables in
labelled scroll regions (issues 10 and 16; the crawl's findings in these apps)."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse

from actions import services as action_services
from meetings import services


def _get(gov, name, **kwargs) -> str:
    c = Client()
    c.force_login(gov.coordinator)
    response = c.get(reverse(name, kwargs={"slug": gov.partnership.slug, **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


def _tables_outside_scroll_regions(body: str) -> int:
    """Tables not directly wrapped in a labelled, focusable .csp-table-scroll region."""
    wrapped = re.findall(
        r'<div class="csp-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*<table',
        body,
    )
    wrapped += re.findall(r'<div class="csp-table-scroll" tabindex="0" role="region"', body)
    return body.count("<table") - len(wrapped)


def test_decision_minute_item_link_is_a_link_not_escaped_text(gov):
    item = services.item_create(meeting=gov.first, number="8.1", title="SMP funding & requests")
    decision = services.decision_create(
        partnership=gov.partnership,
        title="Fund it",
        made_on=dt.date(2010, 11, 25),
        item=item,
        made_by_group=gov.group,
    )
    body = _get(gov, "meetings:decision_detail", pk=decision.pk)
    assert "&lt;a" not in body
    assert ">8.1 SMP funding &amp; requests, 25 November 2010</a>" in body


def test_meeting_page_online_link_is_a_link_and_its_tables_scroll(gov):
    gov.first.online_link = "https://meet.example.org/?a=1&b=2"
    gov.first.save()
    action_services.action_create(meeting=gov.second, text="Do it", owners="JL", deadline="")
    action_services.action_create(meeting=gov.first, text="Earlier", owners="SR", deadline="")
    body = _get(gov, "meetings:meeting_detail", pk=gov.first.pk)
    assert '<a class="govuk-link" href="https://meet.example.org/?a=1&amp;b=2">' in body
    assert "&lt;a" not in body
    later = _get(gov, "meetings:meeting_detail", pk=gov.second.pk)
    assert 'aria-label="Matters arising"' in later
    assert 'aria-label="Actions raised at this meeting"' in later
    assert _tables_outside_scroll_regions(later) == 0


def test_action_without_a_minuted_deadline_never_reads_none(gov):
    action = action_services.action_create(
        meeting=gov.first, text="Do it", owners="JL", deadline=""
    )
    body = _get(gov, "actions:action_detail", pk=action.pk)
    text = re.sub(r"<[^>]+>", " ", body)
    assert not re.search(r"\bNone\b", text)
    assert "No deadline minuted" in text


def test_every_table_in_meetings_and_actions_pages_is_in_a_scroll_region(gov):
    action_services.action_create(meeting=gov.first, text="Do it", owners="JL", deadline="")
    services.decision_create(
        partnership=gov.partnership,
        title="Fund it",
        made_on=dt.date(2010, 11, 25),
        made_by_group=gov.group,
    )
    pages = [
        ("actions:action_log", {}),
        ("actions:dashboard", {}),
        ("meetings:meeting_list", {}),
        ("meetings:decision_list", {}),
        ("meetings:attendance_history", {}),
        ("meetings:attendance_edit", {"pk": gov.first.pk}),
        ("actions:matters_arising", {"pk": gov.second.pk}),
    ]
    for name, kwargs in pages:
        body = _get(gov, name, **kwargs)
        assert "<table" in body, name
        assert _tables_outside_scroll_regions(body) == 0, name


def _post(gov, name, data, **kwargs):
    c = Client()
    c.force_login(gov.coordinator)
    return c.post(reverse(name, kwargs={"slug": gov.partnership.slug, **kwargs}), data)


def test_add_an_attendee_without_anyone_links_its_error_to_the_person_field(gov):
    response = _post(
        gov, "meetings:attendee_add", {"status": "present", "name": ""}, pk=gov.first.pk
    )
    body = response.content.decode()
    assert '<a href="#id_person">Choose a person or type the attendee&#39;s name</a>' in body


def test_attendance_submitted_empty_asks_instead_of_wiping_the_record(gov):
    people = sorted(gov.people.values(), key=lambda p: p.name)
    data = {f"role_{p.pk}": "" for p in people} | {f"reason_{p.pk}": "" for p in people}
    response = _post(gov, "meetings:attendance_edit", data, pk=gov.first.pk)
    assert response.status_code == 400
    body = response.content.decode()
    first = f"id_status_{people[0].pk}"
    assert f'<a href="#{first}">Select the attendance of at least one member</a>' in body
    assert gov.first.attendance.count() == 4


def test_matters_arising_submitted_empty_asks_instead_of_recording_nothing(gov):
    action = action_services.action_create(
        meeting=gov.first, text="Do it", owners="JL", deadline=""
    )
    response = _post(gov, "actions:matters_arising", {f"note_{action.pk}": ""}, pk=gov.second.pk)
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        f'<a href="#id_outcome_{action.pk}">Select the outcome of at least one action</a>' in body
    )
