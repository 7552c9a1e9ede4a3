"""The compliance calendar: each duty before, on and after its due date, from the record."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Assessment
from engagement.services import public_meeting_record
from partnership.factories import BodyFactory, PartnershipFactory, PersonFactory
from plan.factories import PlanFactory
from reports.compliance import compliance_calendar
from reports.factories import SessionFactory
from reports.services import data_receipt_record, plan_sent_to_pcc_record

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def p():
    partnership = PartnershipFactory(slug="csp")
    partnership.police = BodyFactory(partnership=partnership, name="Police", body_type="police")
    partnership.council = BodyFactory(partnership=partnership, name="Council", body_type="council")
    return partnership


def duty(p, key, on, user=None):
    [d] = [d for d in compliance_calendar(partnership=p, on=on, user=user) if d.key == key]
    return d


def statuses(p, key, *days):
    return [(duty(p, key, d).due, duty(p, key, d).status) for d in days]


# The three days around a due date of 14 March 2012: well before, on it, the day after.
BEFORE, SOON, ON, AFTER = D(2011, 9, 1), D(2012, 3, 1), D(2012, 3, 14), D(2012, 3, 15)
DUE = D(2012, 3, 14)


def test_scrutiny_is_met_then_due_soon_then_overdue_after_a_gap_of_twelve_months(p):
    s = SessionFactory(partnership=p, date=D(2011, 3, 14))
    assert statuses(p, "scrutiny", BEFORE, SOON, ON, AFTER) == [
        (DUE, "met"),
        (DUE, "due soon"),
        (DUE, "due soon"),
        (DUE, "overdue"),
    ]
    assert duty(p, "scrutiny", BEFORE).evidence[0].id == s.pk
    # A session 13 months later clears it, and the calendar moves on a year.
    SessionFactory(partnership=p, date=D(2012, 4, 16))
    assert statuses(p, "scrutiny", AFTER, D(2012, 4, 16)) == [
        (DUE, "overdue"),
        (D(2013, 4, 16), "met"),
    ]


def test_no_scrutiny_ever_is_no_record(p):
    assert statuses(p, "scrutiny", BEFORE) == [(None, "no record")]


def test_strategic_assessment_falls_due_twelve_months_after_the_last(p):
    Assessment.objects.create(
        partnership=p,
        kind="strategic",
        title="Strategic assessment 2011",
        current_from="2010-01",
        current_to="2010-12",
        baseline_from="2009-01",
        baseline_to="2009-12",
        status="done",
        completed=timezone.make_aware(dt.datetime(2011, 3, 14, 12)),
        visibility="public",
    )
    assert statuses(p, "strategic_assessment", BEFORE, SOON, ON, AFTER) == [
        (DUE, "met"),
        (DUE, "due soon"),
        (DUE, "due soon"),
        (DUE, "overdue"),
    ]
    assert duty(p, "strategic_assessment", D(2011, 3, 13)).status == "no record"


def test_plan_revised_each_year(p):
    PlanFactory(partnership=p, year=2011, status="agreed", agreed_on=D(2011, 3, 14))
    assert statuses(p, "plan_revised", BEFORE, ON, AFTER) == [
        (DUE, "met"),
        (DUE, "due soon"),
        (DUE, "overdue"),
    ]
    PlanFactory(partnership=p, year=2012, status="agreed", agreed_on=D(2012, 3, 10))
    assert statuses(p, "plan_revised", AFTER) == [(D(2013, 3, 10), "met")]


def _meeting(p, held_on, *, notice=True, summary=True, everyone=True):
    people = [PersonFactory(partnership=p, body=p.police)]
    if everyone:
        people.append(PersonFactory(partnership=p, body=p.council))
    return public_meeting_record(
        partnership=p,
        held_on=held_on,
        venue="Town Hall",
        attendees=people,
        notice_published_on=held_on - dt.timedelta(days=14) if notice else None,
        summary="What was discussed" if summary else "",
        summary_published_on=held_on + dt.timedelta(days=7) if summary else None,
    )


def test_a_year_with_no_public_meeting_is_overdue(p):
    m = _meeting(p, D(2011, 3, 14))
    assert statuses(p, "public_meeting", BEFORE, ON, AFTER) == [
        (DUE, "met"),
        (DUE, "due soon"),
        (DUE, "overdue"),
    ]
    assert duty(p, "public_meeting", BEFORE).evidence[0].id == m.pk
    # Still none a year on: overdue all through 2012/13.
    assert duty(p, "public_meeting", D(2013, 1, 1)).status == "overdue"


def test_a_public_meeting_without_its_notice_summary_or_authorities_does_not_count(p):
    _meeting(p, D(2011, 3, 14))
    _meeting(p, D(2012, 3, 1), notice=False)
    d = duty(p, "public_meeting", AFTER)
    assert (d.due, d.status) == (DUE, "overdue")
    assert "no notice published" in d.note
    _meeting(p, D(2012, 3, 2), everyone=False)
    assert "1 responsible authority not represented" in duty(p, "public_meeting", AFTER).note
    _meeting(p, D(2012, 3, 3), summary=False)
    assert "no summary published" in duty(p, "public_meeting", AFTER).note
    _meeting(p, D(2012, 3, 4))
    assert duty(p, "public_meeting", AFTER).status == "met"


def test_a_public_meeting_counts_once_its_notice_and_summary_are_published(p):
    """The notice counts from the day it is published ahead of the meeting, the summary from
    the day it is published after it; the calendar on an earlier day does not count either."""
    _meeting(p, D(2011, 3, 14))
    public_meeting_record(
        partnership=p,
        held_on=D(2012, 3, 1),
        venue="Town Hall",
        attendees=[
            PersonFactory(partnership=p, body=p.police),
            PersonFactory(partnership=p, body=p.council),
        ],
        notice_published_on=D(2012, 2, 20),
        summary="What was discussed",
        summary_published_on=D(2012, 3, 20),
    )
    before_notice = duty(p, "public_meeting", D(2012, 2, 19))
    assert before_notice.status == "due soon"
    waiting = duty(p, "public_meeting", AFTER)
    assert (waiting.due, waiting.status) == (DUE, "overdue")
    assert "no summary published" in waiting.note
    assert "no notice published" not in waiting.note
    published = duty(p, "public_meeting", D(2012, 3, 20))
    assert (published.due, published.status) == (D(2013, 3, 1), "met")


def test_a_summary_cannot_be_published_before_its_meeting(p):
    with pytest.raises(ValidationError) as exc:
        public_meeting_record(
            partnership=p,
            held_on=D(2012, 3, 1),
            venue="Town Hall",
            summary="Written in advance",
            summary_published_on=D(2012, 2, 28),
        )
    assert "after the meeting" in str(exc.value)


def test_plan_sent_to_the_pcc_within_a_month_of_agreement(p):
    plan = PlanFactory(partnership=p, year=2013, status="agreed", agreed_on=D(2013, 3, 14))
    assert duty(p, "plan_to_pcc", D(2012, 6, 1)).status == "not applicable"
    due = D(2013, 4, 14)
    assert statuses(p, "plan_to_pcc", D(2013, 3, 20), due, D(2013, 4, 15)) == [
        (due, "due soon"),
        (due, "due soon"),
        (due, "overdue"),
    ]
    plan_sent_to_pcc_record(partnership=p, plan=plan, sent_on=D(2013, 4, 20), visibility="public")
    assert statuses(p, "plan_to_pcc", D(2013, 4, 15), D(2013, 4, 20)) == [
        (due, "overdue"),
        (due, "met"),
    ]


def test_plan_to_pcc_is_not_applicable_without_an_agreed_plan(p):
    assert duty(p, "plan_to_pcc", D(2013, 6, 1)).status == "not applicable"


def test_quarterly_data_from_each_responsible_authority(p):
    assert duty(p, "data_s17a", D(2011, 4, 10)).status == "no record"
    q = D(2011, 1, 1)  # quarter January to March 2011, due by 30 April 2011
    due = D(2011, 4, 30)
    data_receipt_record(partnership=p, body=p.police, quarter_start=q, received_on=D(2011, 4, 5))
    assert statuses(p, "data_s17a", D(2011, 4, 10), due, D(2011, 5, 1)) == [
        (due, "due soon"),
        (due, "due soon"),
        (due, "overdue"),
    ]
    assert "Council" in duty(p, "data_s17a", D(2011, 5, 1)).note
    data_receipt_record(partnership=p, body=p.council, quarter_start=q, received_on=D(2011, 5, 3))
    assert statuses(p, "data_s17a", D(2011, 5, 2), D(2011, 5, 3)) == [
        (due, "overdue"),
        (due, "met"),
    ]


def test_quarterly_data_is_not_applicable_without_responsible_authorities():
    p = PartnershipFactory(slug="empty")
    assert duty(p, "data_s17a", D(2011, 5, 1)).status == "not applicable"


def test_evidence_hidden_from_the_reader_is_counted_not_named(p):
    SessionFactory(
        partnership=p, date=D(2011, 3, 14), title="Private Session", visibility="partners"
    )
    d = duty(p, "scrutiny", BEFORE)
    assert (d.status, d.evidence, d.left_out) == ("met", [], 1)


def test_compliance_command_prints_the_duties_as_json(p, capsys):
    SessionFactory(partnership=p, date=D(2011, 3, 14), title="Annual review")
    call_command("compliance", partnership="csp", on="2012-03-15", format="json")
    data = json.loads(capsys.readouterr().out)
    [scrutiny] = [d for d in data["duties"] if d["duty"].startswith("Scrutiny")]
    assert scrutiny["due"] == "2012-03-14" and scrutiny["status"] == "overdue"
    assert scrutiny["evidence"][0]["title"] == "Annual review, 14 March 2011"
    assert {d["status"] for d in data["duties"]} <= {
        "met",
        "due soon",
        "overdue",
        "not applicable",
        "no record",
    }


def test_compliance_page_and_feed(world, client_for):
    SessionFactory(partnership=world.partnership, date=timezone.localdate() - dt.timedelta(days=10))
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/compliance/").content.decode()
    assert "Scrutiny by the crime and disorder committee" in page and "None" not in page
    feed = client_for("anonymous").get(f"/p/{world.slug}/reports/compliance.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in feed.content and b"Due: Scrutiny" in feed.content
    home = client_for("coordinator").get(f"/p/{world.slug}/reports/").content.decode()
    assert "What falls due" in home
    assert (
        "What falls due"
        not in client_for("viewer").get(f"/p/{world.slug}/reports/").content.decode()
    )


def test_coordinator_records_data_received_through_the_form(world, client_for):
    url = f"/p/{world.slug}/reports/compliance/data-received/"
    c = client_for("coordinator")
    body = world.bodies["public"]
    bad = {
        "body": body.pk,
        "quarter_start_day": "2",
        "quarter_start_month": "1",
        "quarter_start_year": "2011",
        "received_on_day": "5",
        "received_on_month": "4",
        "received_on_year": "2011",
        "visibility": "public",
    }
    response = c.post(url, bad)
    assert response.status_code == 400 and b"Enter the first day of a quarter" in response.content
    assert c.post(url, {**bad, "quarter_start_day": "1"}).status_code == 302
    note = duty(world.partnership, "data_s17a", D(2011, 4, 10)).note
    assert note.endswith(": 2 authorities")  # partners-only and restricted bodies go unnamed
