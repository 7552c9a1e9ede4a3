"""Funding services: the request life cycle, the protocol, over-commitment and rollovers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from funding.factories import PotFactory
from funding.models import RequestStatus, RolloverStatus
from funding.services import (
    pot_balance,
    protocol_set,
    request_approve,
    request_check,
    request_create,
    request_decline,
    request_mark_paid,
    request_submit,
    rollover_decide,
    rollover_request,
)

DAY = dt.date(2010, 11, 25)
pytestmark = pytest.mark.django_db


def _request(pot, amount=500_000, **kw):
    return request_create(
        pot=pot, requesting_body=pot.funder, title="Req", purpose="P", amount_pence=amount, **kw
    )


def _approve(r, **kw):
    return request_approve(request=r, decided_on=DAY, decided_by="Delivery group", **kw)


def test_seed_funding_leaves_8000_uncommitted_after_two_5000_approvals():
    pot = PotFactory(amount_pence=1_800_000)
    for _ in range(2):
        _approve(_request(pot, retrospective=True), meeting_reference="25 Nov 2010, item 8.1")
    balance = pot_balance(pot)
    assert (balance.committed, balance.paid, balance.uncommitted) == (1_000_000, 0, 800_000)


def test_paying_moves_money_from_committed_to_paid():
    pot = PotFactory(amount_pence=1_000_000)
    r = _approve(request_submit(request=_request(pot), submitted_on=DAY))
    request_mark_paid(request=r, paid_on=DAY + dt.timedelta(days=7))
    balance = pot_balance(pot)
    assert (balance.committed, balance.paid, balance.uncommitted) == (0, 500_000, 500_000)


def test_a_draft_must_be_submitted_before_approval_unless_retrospective():
    pot = PotFactory()
    with pytest.raises(ValidationError, match="submit it first"):
        _approve(_request(pot))
    assert _approve(_request(pot, retrospective=True)).status == RequestStatus.APPROVED


def test_over_commitment_needs_the_flag_and_a_reason_and_is_recorded():
    pot = PotFactory(amount_pence=100_000)
    r = request_submit(request=_request(pot, amount=500_000), submitted_on=DAY)
    with pytest.raises(ValidationError, match="over-commit"):
        _approve(r)
    with pytest.raises(ValidationError):
        _approve(r, over_commit=True)
    r = _approve(r, over_commit=True, over_commitment_reason="Match funding promised")
    assert r.over_commitment and r.over_commitment_reason == "Match funding promised"
    assert pot_balance(pot).uncommitted == -400_000


def test_declined_and_paid_requests_cannot_be_approved_again():
    pot = PotFactory()
    r = request_submit(request=_request(pot), submitted_on=DAY)
    request_decline(request=r, decided_on=DAY, decided_by="Delivery group")
    with pytest.raises(ValidationError):
        _approve(r)
    with pytest.raises(ValidationError):
        request_mark_paid(request=r, paid_on=DAY)


def test_protocol_requires_every_criterion_met_before_approval():
    pot = PotFactory()
    protocol = protocol_set(
        partnership=pot.partnership,
        decider="The delivery group",
        coordinator_limit_pence=1_000_000,
        criteria=["Serves a priority", "Has an exit plan"],
    )
    r = request_submit(request=_request(pot), submitted_on=DAY)
    with pytest.raises(ValidationError, match="Has an exit plan"):
        _approve(r)
    first, second = protocol.criteria.all()
    request_check(request=r, results={first.pk: True, second.pk: False}, checked_on=DAY)
    with pytest.raises(ValidationError, match="Has an exit plan"):
        _approve(r)
    request_check(request=r, results={first.pk: True, second.pk: True}, checked_on=DAY)
    assert _approve(r).status == RequestStatus.APPROVED


def test_requests_over_the_coordinators_limit_must_name_the_meeting():
    pot = PotFactory()
    protocol_set(
        partnership=pot.partnership, decider="Group", coordinator_limit_pence=100_000, criteria=[]
    )
    r = request_submit(request=_request(pot, amount=500_000), submitted_on=DAY)
    with pytest.raises(ValidationError) as exc:
        _approve(r)
    assert "meeting_reference" in exc.value.error_dict
    r = _approve(r, meeting_reference="Delivery group, 25 November 2010, item 8.1")
    assert r.meeting_reference.endswith("item 8.1")


def test_retired_criteria_are_kept_but_no_longer_required():
    pot = PotFactory()
    protocol = protocol_set(
        partnership=pot.partnership, decider="G", coordinator_limit_pence=10**9, criteria=["A"]
    )
    protocol_set(
        partnership=pot.partnership, decider="G", coordinator_limit_pence=10**9, criteria=[]
    )
    assert protocol.criteria.get().active is False
    r = request_submit(request=_request(pot), submitted_on=DAY)
    assert _approve(r).status == RequestStatus.APPROVED


def test_rollover_cannot_ask_for_more_than_is_uncommitted():
    pot = PotFactory(amount_pence=800_000)
    with pytest.raises(ValidationError):
        rollover_request(pot=pot, amount_pence=900_000, asked_of=pot.funder, requested_on=DAY)
    rollover_request(pot=pot, amount_pence=800_000, asked_of=pot.funder, requested_on=DAY)
    with pytest.raises(ValidationError):
        rollover_request(pot=pot, amount_pence=1, asked_of=pot.funder, requested_on=DAY)


def test_approved_rollover_moves_money_into_next_years_pot():
    pot = PotFactory(amount_pence=1_800_000, year=2010)
    next_year = PotFactory(
        partnership=pot.partnership, funder=pot.funder, year=2011, amount_pence=0
    )
    ro = rollover_request(pot=pot, amount_pence=800_000, asked_of=pot.funder, requested_on=DAY)
    assert pot_balance(pot).pending_rollover == 800_000
    ro = rollover_decide(
        rollover=ro, approved=True, outcome_on=dt.date(2010, 12, 20), into_pot=next_year
    )
    assert ro.status == RolloverStatus.APPROVED
    assert pot_balance(pot).uncommitted == 1_000_000
    assert pot_balance(next_year).available == 800_000
    with pytest.raises(ValidationError, match="already"):
        rollover_decide(rollover=ro, approved=False, outcome_on=dt.date(2010, 12, 21))


def test_declined_rollover_leaves_the_money_in_the_pot():
    pot = PotFactory(amount_pence=800_000)
    ro = rollover_request(pot=pot, amount_pence=800_000, asked_of=pot.funder, requested_on=DAY)
    rollover_decide(rollover=ro, approved=False, outcome_on=DAY, outcome_note="Not allowed")
    balance = pot_balance(pot)
    assert (balance.uncommitted, balance.pending_rollover) == (800_000, 0)
