"""Engagement: findings taken forward as actions, public meeting warnings, public concern."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action
from engagement.factories import ConsultationFactory, EventFactory, FindingFactory
from engagement.selectors import public_concern, public_meeting_years
from engagement.services import concern_add, follow_up_as_action, public_meeting_record
from meetings.services import meeting_create
from partnership.factories import BodyFactory, PersonFactory
from plan.factories import PriorityFactory

pytestmark = pytest.mark.django_db


def test_a_finding_becomes_an_action_tagged_with_the_events_priority(world, client_for):
    p = world.partnership
    priority = PriorityFactory(partnership=p, name="Domestic abuse")
    event = EventFactory(partnership=p, priority=priority)
    finding = FindingFactory(event=event, text="Better early intervention", theme="intervention")
    meeting = meeting_create(partnership=p, group=world.groups["public"], date=dt.date(2011, 2, 24))

    follow_up = follow_up_as_action(
        finding=finding,
        meeting=meeting,
        text="Map early intervention services",
        owners="MP",
        deadline="By next meeting",
        recorded_on=dt.date(2011, 2, 24),
    )

    action = Action.objects.get(pk=follow_up.action_id)
    assert list(action.owners.all()) == [world.member_person]
    assert (action.plan_link.priority, action.plan_link.theme) == (priority, "intervention")
    page = client_for("anonymous").get(f"/p/{p.slug}/plan/priorities/{priority.pk}/").content
    assert b"Map early intervention services" in page
    outcomes = client_for("anonymous").get(f"/p/{p.slug}/engagement/outcomes/").content
    assert b"1 of 1 findings taken forward" in outcomes


def test_follow_up_form_needs_a_meeting_and_owners_for_an_action(world, client_for):
    finding = FindingFactory(event=EventFactory(partnership=world.partnership))
    response = client_for("coordinator").post(
        f"/p/{world.slug}/engagement/findings/{finding.pk}/follow-ups/new/",
        {
            "kind": "action",
            "description": "Do it",
            "recorded_on_day": "1",
            "recorded_on_month": "3",
            "recorded_on_year": "2011",
        },
    )
    assert response.status_code == 400
    assert b"Choose the meeting" in response.content
    assert not finding.follow_ups.exists()


def test_public_meetings_warn_of_a_year_without_one_and_of_missing_authorities():
    from partnership.factories import PartnershipFactory

    p = PartnershipFactory()
    police = BodyFactory(partnership=p, name="Police", body_type="police")
    council = BodyFactory(partnership=p, name="Council", body_type="council")
    EventFactory(partnership=p, held_on=dt.date(2010, 11, 12))
    chief = PersonFactory(partnership=p, body=police)
    public_meeting_record(
        partnership=p,
        held_on=dt.date(2011, 6, 1),
        venue="Town Hall",
        attendees=[chief],
        notice_published_on=dt.date(2011, 5, 1),
        summary="Residents asked about speeding.",
        summary_published_on=dt.date(2011, 6, 10),
    )
    years = {y.label: y for y in public_meeting_years(user=None, partnership=p)}
    assert "No public meeting was held in 2010/11" in years["2010/11"].warnings
    assert years["2011/12"].warnings == [
        f"No one attended the meeting of {years['2011/12'].meetings[0]} for: Council"
    ]
    assert council.name not in " ".join(years["2010/11"].warnings)


def test_public_concern_adds_up_mentions_across_consultations(world):
    p = world.partnership
    first = ConsultationFactory(partnership=p, respondents=100)
    second = ConsultationFactory(partnership=p, respondents=50)
    concern_add(consultation=first, topic="Speeding", said="Cars too fast", mentions=40)
    concern_add(consultation=second, topic="speeding ", said="Rat runs", mentions=10)
    concern_add(consultation=second, topic="Litter", said="Fly-tipping", mentions=20)
    with pytest.raises(ValidationError):
        concern_add(consultation=second, topic="Noise", said="Parties", mentions=51)
    topics = public_concern(user=None, partnership=p)
    assert [(t.topic, t.mentions, t.consultations) for t in topics] == [
        ("Speeding", 50, 2),
        ("Litter", 20, 1),
    ]
