"""The funding protocol's checks and messages, at their boundaries.

These kill mutants that survived `make mutation` (docs/testing.md): the coordinator's limit
made exclusive, criterion notes and the returned checks lost, and the errors a coordinator
reads on the form reworded or emptied.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from funding.factories import PotFactory
from funding.models import CriterionCheck, RequestStatus
from funding.services import (
    pot_create,
    protocol_set,
    request_approve,
    request_check,
    request_create,
    request_submit,
)

DAY = dt.date(2010, 11, 25)
pytestmark = pytest.mark.django_db


def _submitted(pot, amount=500_000):
    r = request_create(
        pot=pot, requesting_body=pot.funder, title="CCTV", purpose="P", amount_pence=amount
    )
    return request_submit(request=r, submitted_on=DAY)


def _protocol(pot, limit=500_000, criteria=()):
    return protocol_set(
        partnership=pot.partnership,
        decider="The delivery group",
        coordinator_limit_pence=limit,
        criteria=list(criteria),
    )


def test_a_pot_created_without_conditions_has_none():
    pot = PotFactory()
    other = pot_create(
        partnership=pot.partnership, name="Second", funder=pot.funder, year=2011, amount_pence=1
    )
    assert other.conditions == ""


def test_a_request_of_exactly_the_coordinators_limit_needs_no_meeting():
    pot = PotFactory()
    _protocol(pot, limit=500_000)
    assert request_approve(
        request=_submitted(pot, 500_000), decided_on=DAY, decided_by="Coordinator"
    ).status == (RequestStatus.APPROVED)


def test_a_request_over_the_limit_is_told_the_limit_and_to_record_the_meeting():
    pot = PotFactory()
    _protocol(pot, limit=500_000)
    with pytest.raises(ValidationError) as exc:
        request_approve(request=_submitted(pot, 500_001), decided_on=DAY, decided_by="C")
    assert exc.value.message_dict == {
        "meeting_reference": [
            "Requests over £5,000 are decided at a meeting: record the meeting and item"
        ]
    }


def test_only_a_draft_can_be_submitted_and_the_error_says_so():
    r = _submitted(PotFactory())
    with pytest.raises(ValidationError) as exc:
        request_submit(request=r, submitted_on=DAY)
    assert exc.value.messages == ["Only a draft request can be submitted"]


def test_checking_without_a_protocol_is_refused_with_a_reason():
    r = _submitted(PotFactory())
    with pytest.raises(ValidationError) as exc:
        request_check(request=r, results={}, checked_on=DAY)
    assert exc.value.messages == ["The partnership has no funding protocol to check against"]


def test_request_check_records_each_criterion_with_its_note_and_returns_the_checks():
    pot = PotFactory()
    protocol = _protocol(pot, criteria=["Serves a priority", "Has an exit plan"])
    first, second = protocol.criteria.all()
    r = _submitted(pot)
    checks = request_check(
        request=r,
        results={first.pk: True, second.pk: False},
        checked_on=DAY,
        notes={second.pk: "No exit plan yet"},
    )
    assert [(c.criterion, c.met, c.note, c.checked_on) for c in checks] == [
        (first, True, "", DAY),
        (second, False, "No exit plan yet", DAY),
    ]
    assert CriterionCheck.objects.get(request=r, criterion=second).note == "No exit plan yet"
    assert CriterionCheck.objects.get(request=r, criterion=first).note == ""


def test_an_unmet_protocol_lists_the_unmet_criteria_in_its_error():
    pot = PotFactory()
    _protocol(pot, limit=10**9, criteria=["Serves a priority", "Has an exit plan"])
    with pytest.raises(ValidationError) as exc:
        request_approve(request=_submitted(pot), decided_on=DAY, decided_by="C")
    assert exc.value.messages == [
        "The request does not meet the protocol yet: Serves a priority; Has an exit plan"
    ]


def test_a_decision_at_a_meeting_item_records_the_item_as_its_reference():
    from meetings.factories import ItemFactory, MeetingFactory
    from partnership.factories import GroupFactory

    pot = PotFactory()
    meeting = MeetingFactory(
        group=GroupFactory(partnership=pot.partnership, name="Delivery Group"),
        date=dt.date(2010, 11, 25),
    )
    item = ItemFactory(meeting=meeting, number="8.1")
    r = request_approve(request=_submitted(pot), decided_on=DAY, decided_by="G", meeting_item=item)
    assert r.meeting_reference == "Delivery Group, 25 November 2010, item 8.1"
    assert r.meeting_item == item
    given = request_approve(
        request=_submitted(pot),
        decided_on=DAY,
        decided_by="G",
        meeting_item=item,
        meeting_reference="Minute 8.1",
    )
    assert given.meeting_reference == "Minute 8.1"


def test_an_item_of_another_partnerships_meeting_is_refused():
    from meetings.factories import ItemFactory

    pot = PotFactory()
    with pytest.raises(ValidationError) as exc:
        request_approve(
            request=_submitted(pot), decided_on=DAY, decided_by="G", meeting_item=ItemFactory()
        )
    assert exc.value.message_dict == {
        "meeting_item": ["Choose an item of this partnership's meetings"]
    }


def test_request_create_records_priority_theme_and_partners_only_visibility():
    from core.models import Visibility
    from plan.factories import PriorityFactory
    from plan.models import Theme

    theme = Theme.values[0]

    pot = PotFactory()
    priority = PriorityFactory(partnership=pot.partnership)
    r = request_create(
        pot=pot,
        requesting_body=pot.funder,
        title="CCTV",
        purpose="P",
        amount_pence=1,
        priority=priority,
        theme=theme,
    )
    saved = type(r).objects.get(pk=r.pk)
    assert (saved.priority, saved.theme, saved.visibility) == (
        priority,
        theme,
        Visibility.PARTNERS,
    )


def test_a_priority_of_another_partnership_is_refused():
    from plan.factories import PriorityFactory

    pot = PotFactory()
    with pytest.raises(ValidationError) as exc:
        request_create(
            pot=pot,
            requesting_body=pot.funder,
            title="CCTV",
            purpose="P",
            amount_pence=1,
            priority=PriorityFactory(),
        )
    assert exc.value.message_dict == {"priority": ["Choose a priority of this partnership"]}


def test_pending_rollovers_of_another_pot_do_not_count():
    from funding.services import pot_balance, rollover_request

    pot = PotFactory()
    other = PotFactory(partnership=pot.partnership, funder=pot.funder, year=2011)
    rollover_request(pot=other, amount_pence=1_000, asked_of=pot.funder, requested_on=DAY)
    assert pot_balance(pot).pending_rollover == 0
    assert pot_balance(other).pending_rollover == 1_000
