"""pot_create through the service, and the save helper's update_fields (no lost updates).

These kill mutants that survived the mutation run (`make mutation`, docs/testing.md): pot_create
had no test through the service, and saving every field instead of the changed ones passed.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.models import Visibility
from funding.models import FundingRequest, Pot, RequestStatus
from funding.services import (
    pot_balance,
    pot_create,
    request_approve,
    request_create,
    request_mark_paid,
    request_submit,
)
from partnership.factories import BodyFactory, PartnershipFactory

DAY = dt.date(2010, 11, 25)
pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    partnership = PartnershipFactory()
    return partnership, BodyFactory(partnership=partnership, name="Home Office")


def _pot(home, **kw):
    partnership, funder = home
    fields = {"partnership": partnership, "name": "Safer Communities Fund", "funder": funder}
    fields |= {"year": 2010, "amount_pence": 1_800_000} | kw
    return pot_create(**fields)


def test_pot_create_records_the_money_a_funder_gave_for_a_year(home):
    partnership, funder = home
    pot = _pot(home, conditions="Rollover needs the funder's approval")
    saved = Pot.objects.get(pk=pot.pk)
    assert (saved.partnership, saved.name, saved.funder, saved.year) == (
        partnership,
        "Safer Communities Fund",
        funder,
        2010,
    )
    assert saved.amount_pence == 1_800_000
    assert saved.conditions == "Rollover needs the funder's approval"
    assert saved.visibility == Visibility.PARTNERS  # partners-only unless said otherwise
    assert pot_balance(saved).uncommitted == 1_800_000


def test_pot_create_keeps_the_visibility_it_is_given(home):
    assert Pot.objects.get(pk=_pot(home, visibility=Visibility.PUBLIC).pk).visibility == "public"
    assert _pot(home, name="Other", conditions="").conditions == ""


def test_pot_create_validates_before_saving_and_saves_nothing_on_bad_input(home):
    with pytest.raises(ValidationError) as exc:
        _pot(home, name="")
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _pot(home, amount_pence=-1)
    assert "amount_pence" in exc.value.message_dict
    _pot(home)
    with pytest.raises(ValidationError):
        _pot(home)  # a second pot of the same name in the same year
    assert Pot.objects.count() == 1


def _request(pot, **kw):
    return request_create(
        pot=pot, requesting_body=pot.funder, title="CCTV", purpose="P", amount_pence=500_000, **kw
    )


def test_submitting_saves_only_the_status_so_a_concurrent_edit_is_not_lost(home):
    pot = _pot(home)
    stale = _request(pot)
    FundingRequest.objects.filter(pk=stale.pk).update(title="CCTV in the town centre")
    request_submit(request=stale, submitted_on=DAY)
    saved = FundingRequest.objects.get(pk=stale.pk)
    assert (saved.status, saved.submitted_on) == (RequestStatus.SUBMITTED, DAY)
    assert saved.title == "CCTV in the town centre"


def test_marking_paid_keeps_a_decision_note_recorded_meanwhile(home):
    pot = _pot(home)
    r = request_approve(
        request=request_submit(request=_request(pot), submitted_on=DAY),
        decided_on=DAY,
        decided_by="Delivery group",
    )
    FundingRequest.objects.filter(pk=r.pk).update(decision_note="Minuted at item 8.1")
    paid = request_mark_paid(request=r, paid_on=DAY + dt.timedelta(days=7))
    assert paid.status == RequestStatus.PAID
    saved = FundingRequest.objects.get(pk=r.pk)
    assert (saved.status, saved.paid_on) == (RequestStatus.PAID, DAY + dt.timedelta(days=7))
    assert saved.decision_note == "Minuted at item 8.1"


def test_the_save_helper_validates_a_status_change_before_writing(home):
    pot = _pot(home)
    r = _request(pot)
    r.amount_pence = -5  # an invalid in-memory change is refused, not half-saved
    with pytest.raises(ValidationError):
        request_submit(request=r, submitted_on=DAY)
    assert FundingRequest.objects.get(pk=r.pk).status == RequestStatus.DRAFT
