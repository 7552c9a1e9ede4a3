"""Priorities across years: what became of each earlier priority, the year's set, the page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.factories import RoleFactory, UserFactory
from accounts.models import RoleName
from assessments.factories import EvidenceSnapshotFactory
from partnership.factories import PartnershipFactory
from plan import demo as plan_demo
from plan.factories import PriorityFactory
from plan.models import Outcome, Priority, PriorityOutcome, PrioritySet
from plan.selectors import priority_years
from plan.services import priority_outcome_record, priority_set_record

pytestmark = pytest.mark.django_db


def test_an_outcome_names_a_next_year_successor_unless_dropped_and_always_a_reason():
    earlier = PriorityFactory(year=2010, name="Burglary")
    p = earlier.partnership
    later = PriorityFactory(partnership=p, year=2011, name="Drug and substance misuse")
    cases = [
        ({"outcome": Outcome.MERGED, "reason": "Linked"}, "successor"),
        ({"outcome": Outcome.DROPPED, "successor": later, "reason": "Low"}, "successor"),
        ({"outcome": Outcome.CONTINUED, "successor": later, "reason": "  "}, "reason"),
        (
            {
                "outcome": Outcome.CONTINUED,
                "successor": PriorityFactory(partnership=p, year=2012),
                "reason": "Kept",
            },
            "successor",
        ),
        (
            {
                "outcome": Outcome.CONTINUED,
                "successor": PriorityFactory(year=2011),  # another partnership's
                "reason": "Kept",
            },
            "successor",
        ),
        (
            {"outcome": Outcome.DROPPED, "reason": "Low", "evidence": EvidenceSnapshotFactory()},
            "evidence",
        ),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as exc:
            priority_outcome_record(earlier=earlier, **fields)
        assert field in exc.value.error_dict, fields
    # The database refuses what clean() would, for writes that skip the service.
    for bad in (
        {"outcome": Outcome.DROPPED, "successor": later, "reason": "Low"},
        {"outcome": Outcome.MERGED, "reason": "Linked"},
        {"outcome": Outcome.DROPPED, "reason": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            PriorityOutcome.objects.create(earlier=earlier, **bad)

    first = priority_outcome_record(
        earlier=earlier, outcome=Outcome.MERGED, successor=later, reason="Linked with drugs"
    )
    again = priority_outcome_record(earlier=earlier, outcome=Outcome.DROPPED, reason="Falling")
    assert again.pk == first.pk and PriorityOutcome.objects.count() == 1
    assert (again.successor, again.reason) == (None, "Falling")


def test_a_set_counts_earlier_priorities_no_fewer_than_are_recorded():
    earlier = PriorityFactory(year=2010)
    p = earlier.partnership
    with pytest.raises(ValidationError) as exc:
        priority_set_record(partnership=p, year=2011, earlier_count=0)
    assert "earlier_count" in exc.value.error_dict
    row = priority_set_record(partnership=p, year=2011, note=" Narrowed ", earlier_count=9)
    again = priority_set_record(partnership=p, year=2011, note="Narrowed to four", earlier_count=9)
    assert again.pk == row.pk and PrioritySet.objects.get().note == "Narrowed to four"


def test_a_hidden_successor_evidence_or_earlier_priority_is_never_named(world, client_for):
    p = world.partnership
    secret = PriorityFactory(
        partnership=p, year=2011, name="Zebra Crossings", visibility="partners"
    )
    evidence = EvidenceSnapshotFactory(partnership=p, title="Quiet Figures", visibility="partners")
    shown = PriorityFactory(partnership=p, year=2010, name="Street lighting")
    priority_outcome_record(
        earlier=shown, outcome="merged", successor=secret, reason="Same roads", evidence=evidence
    )
    hidden = PriorityFactory(partnership=p, year=2010, name="Hidden Earlier", visibility="partners")
    priority_outcome_record(earlier=hidden, outcome="dropped", reason="Hidden Reason")

    [before, after] = priority_years(user=world.users["other_coordinator"], partnership=p)
    assert [e.priority for e in after.earlier] == [shown]
    row = after.earlier[0]
    assert (row.successor, row.successor_name, row.evidence) == (
        None,
        "a restricted priority",
        None,
    )

    outsider = client_for("anonymous").get(f"/p/{p.slug}/plan/priorities/years/").content.decode()
    assert "Street lighting" in outsider and "Same roads" in outsider
    assert "Merged into a restricted priority" in outsider and "Restricted evidence" in outsider
    for name in ("Zebra Crossings", "Quiet Figures", "Hidden Earlier", "Hidden Reason", "None"):
        assert name not in outsider
    partner = client_for("viewer").get(f"/p/{p.slug}/plan/priorities/years/").content.decode()
    for name in ("Zebra Crossings", "Quiet Figures", "Hidden Earlier", "Hidden Reason"):
        assert name in partner
    assert f"/p/{p.slug}/assessments/evidence/{evidence.pk}/" in partner


def test_the_coordinator_records_an_outcome_and_the_set_note_from_the_later_year(world, client_for):
    p = world.partnership
    earlier = PriorityFactory(partnership=p, year=2010, name="Criminal damage")
    later = PriorityFactory(partnership=p, year=2011, name="Anti-social behaviour")
    coordinator = client_for("coordinator")
    page = coordinator.get(f"/p/{p.slug}/plan/priorities/years/").content.decode()
    outcome_url = f"/p/{p.slug}/plan/priorities/{earlier.pk}/outcome/"
    assert outcome_url in page and f"/p/{p.slug}/plan/priorities/years/2011/edit/" in page
    refused = coordinator.post(outcome_url, {"outcome": "merged", "reason": "Same causes"})
    assert refused.status_code == 400
    assert "Choose the priority it continued as or merged into" in refused.content.decode()
    response = coordinator.post(
        outcome_url, {"outcome": "merged", "successor": later.pk, "reason": "Same causes"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#year-2011")
    assert PriorityOutcome.objects.get(earlier=earlier).successor == later
    response = coordinator.post(
        f"/p/{p.slug}/plan/priorities/years/2011/edit/",
        {"note": "Narrowed after the assessment", "earlier_count": "", "visibility": "public"},
    )
    assert response.status_code == 302
    page = client_for("anonymous").get(f"/p/{p.slug}/plan/priorities/years/").content.decode()
    assert "Narrowed after the assessment" in page and "Same causes" in page


def test_the_demo_set_says_nine_became_four_and_names_none_of_the_nine(client):
    partnership = PartnershipFactory(slug="safer-maidstone")
    plan_demo.load(partnership)
    plan_demo.load(partnership)  # safe to run again
    row = PrioritySet.objects.get(partnership=partnership)
    assert (row.year, row.earlier_count, row.visibility) == (2011, 9, "public")
    assert "task and finish group" in row.note and "reducing the 9 priorities to 4" in row.note
    assert not Priority.objects.filter(partnership=partnership, year=2010).exists()
    assert not PriorityOutcome.objects.exists()

    for role in (None, RoleName.VIEWER, RoleName.MEMBER, RoleName.COORDINATOR):
        client.logout()
        if role is not None:
            user = UserFactory()
            RoleFactory(user=user, partnership=partnership, role=role)
            client.force_login(user)
        page = client.get("/p/safer-maidstone/plan/priorities/years/").content.decode()
        assert "9 priorities in 2010/11; the records do not name them one by one." in page
        assert "9 priorities, counted in the 2011/12 set; the records do not name them." in page
        for name in plan_demo.PRIORITIES:
            assert name in page
        assert "None" not in page
