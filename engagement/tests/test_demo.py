"""The demo data follows the seeds and can be loaded twice."""

import pytest
from django.core.management import call_command

from engagement.models import Event, Finding, FollowUp
from funding.models import FundingRequest, Pot, RequestStatus, Rollover, RolloverStatus
from funding.services import pot_balance
from plan.models import Objective, Priority


@pytest.mark.django_db
def test_demo_loads_the_seed_plan_funding_and_events_idempotently(tmp_path):
    for _ in range(2):
        call_command("load_demo", stdout=(tmp_path / "out.txt").open("w"))
    assert Objective.objects.count() == 7
    assert set(Priority.objects.filter(year=2011).values_list("name", flat=True)) == {
        "Anti-social behaviour",
        "Domestic abuse",
        "Road safety",
        "Drug and substance misuse",
    }
    pot = Pot.objects.get(name="SMP under-spend")
    balance = pot_balance(pot)
    assert (balance.available, balance.committed, balance.uncommitted) == (
        1_800_000,
        1_000_000,
        800_000,
    )
    requests = FundingRequest.objects.filter(pot=pot)
    assert requests.count() == 2
    assert all(
        r.retrospective and r.status == RequestStatus.APPROVED and r.meeting_item.number == "8.1"
        for r in requests
    )
    rollover = Rollover.objects.get(pot=pot)
    assert (rollover.amount_pence, rollover.status, rollover.asked_of.short_name) == (
        800_000,
        RolloverStatus.PENDING,
        "KCC",
    )
    da = Event.objects.get(title="Domestic Abuse stakeholder event")
    assert (da.venue, da.attendance_text) == ("Lenham Community Centre", "Over 90")
    assert da.workshops.count() == 4
    assert Finding.objects.filter(event=da, recurring=True).count() == 4
    # The one action the event led to is SR's 8.2 action itself, not a second copy of it.
    follow_up = FollowUp.objects.get(finding__event=da, action__isnull=False)
    assert (follow_up.action.item.number, follow_up.action.text) == (
        "8.2",
        "Research options for an online domestic abuse network.",
    )
    assert Event.objects.filter(title="Road Safety stakeholder event").exists()
