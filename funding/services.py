"""Writes to funding. Approvals, payments and rollovers lock the pot row, so balances hold.

Every change that can move a pot's uncommitted balance (approve, rollover approval) runs in a
transaction that first takes `SELECT ... FOR UPDATE` on the pot, then re-reads the balance. On
PostgreSQL two approvals of the last £5,000 therefore queue behind each other and the second
sees the first; SQLite serialises writers anyway.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from core.formatting import money
from core.models import Visibility
from core.services import record_save
from funding.models import (
    Criterion,
    CriterionCheck,
    FundingRequest,
    Pot,
    Protocol,
    RequestStatus,
    Rollover,
    RolloverStatus,
)
from meetings.models import Item
from partnership.models import Body, Partnership
from plan.models import Priority


@dataclass(frozen=True)
class Balance:
    """A pot's money in pence. available = committed + paid + uncommitted, always."""

    allocated: int
    rolled_in: int
    rolled_out: int
    committed: int
    paid: int
    pending_rollover: int
    # True when the reader may not see every request of the pot: committed and paid then count
    # only the requests they may see, and the uncommitted money is not shown (it would reveal
    # the hidden requests' total by subtraction).
    partial: bool = False

    @property
    def available(self) -> int:
        return self.allocated + self.rolled_in - self.rolled_out

    @property
    def uncommitted(self) -> int:
        return self.available - self.committed - self.paid

    @property
    def is_over_committed(self) -> bool:
        return self.uncommitted < 0


def _sum(qs) -> int:
    return qs.aggregate(total=Sum("amount_pence"))["total"] or 0


def pot_balance(pot: Pot) -> Balance:
    """The pot's balances, computed from its requests and rollovers."""
    requests = FundingRequest.objects.filter(pot_id=pot.pk)
    return Balance(
        allocated=pot.amount_pence,
        rolled_in=_sum(Rollover.objects.filter(into_pot_id=pot.pk, status=RolloverStatus.APPROVED)),
        rolled_out=_sum(Rollover.objects.filter(pot_id=pot.pk, status=RolloverStatus.APPROVED)),
        committed=_sum(requests.filter(status=RequestStatus.APPROVED)),
        paid=_sum(requests.filter(status=RequestStatus.PAID)),
        pending_rollover=_sum(
            Rollover.objects.filter(pot_id=pot.pk, status=RolloverStatus.PENDING)
        ),
    )


def _locked_pot(pot_id: int) -> Pot:
    return Pot.objects.select_for_update().get(pk=pot_id)


# Pots ----------------------------------------------------------------------------------------


def pot_create(
    *,
    partnership: Partnership,
    name: str,
    funder: Body,
    year: int,
    amount_pence: int,
    conditions: str = "",
    visibility: str = Visibility.PARTNERS,
) -> Pot:
    """Record money a funder has given the partnership for a year."""
    return record_save(
        Pot(
            partnership=partnership,
            name=name,
            funder=funder,
            year=year,
            amount_pence=amount_pence,
            conditions=conditions,
            visibility=visibility,
        )
    )


# Requests ------------------------------------------------------------------------------------


def request_create(
    *,
    pot: Pot,
    requesting_body: Body,
    title: str,
    purpose: str,
    amount_pence: int,
    priority: Priority | None = None,
    theme: str = "",
    retrospective: bool = False,
    visibility: str = Visibility.PARTNERS,
) -> FundingRequest:
    """Record a draft request for money from a pot."""
    if priority is not None and priority.partnership_id != pot.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership"})
    return record_save(
        FundingRequest(
            pot=pot,
            requesting_body=requesting_body,
            title=title,
            purpose=purpose,
            amount_pence=amount_pence,
            priority=priority,
            theme=theme,
            retrospective=retrospective,
            visibility=visibility,
        )
    )


def request_submit(*, request: FundingRequest, submitted_on: dt.date) -> FundingRequest:
    """Submit a draft request for a decision."""
    if request.status != RequestStatus.DRAFT:
        raise ValidationError("Only a draft request can be submitted")
    request.status = RequestStatus.SUBMITTED
    request.submitted_on = submitted_on
    return record_save(request, update_fields=["status", "submitted_on"])


def request_check(
    *, request: FundingRequest, results: dict[int, bool], checked_on: dt.date, notes=None
) -> list[CriterionCheck]:
    """Record whether the request meets each of the protocol's criteria."""
    protocol = Protocol.objects.filter(partnership_id=request.pot.partnership_id).first()
    if protocol is None:
        raise ValidationError("The partnership has no funding protocol to check against")
    notes = notes or {}
    checks = []
    for criterion in protocol.criteria.filter(active=True):
        check, _ = CriterionCheck.objects.update_or_create(
            request=request,
            criterion=criterion,
            defaults={
                "met": bool(results.get(criterion.pk)),
                "note": notes.get(criterion.pk, ""),
                "checked_on": checked_on,
            },
        )
        checks.append(check)
    return checks


def protocol_unmet(request: FundingRequest) -> list[Criterion]:
    """The protocol's active criteria that the request has not been checked as meeting."""
    protocol = Protocol.objects.filter(partnership_id=request.pot.partnership_id).first()
    if protocol is None:
        return []
    met = set(request.checks.filter(met=True).values_list("criterion_id", flat=True))
    return [c for c in protocol.criteria.filter(active=True) if c.pk not in met]


def _meeting_fields(
    request: FundingRequest, meeting_item: Item | None, meeting_reference: str
) -> str:
    """Check the meeting item belongs to the partnership; return the reference to record."""
    if meeting_item is None:
        return meeting_reference
    if meeting_item.meeting.partnership_id != request.pot.partnership_id:
        raise ValidationError({"meeting_item": "Choose an item of this partnership's meetings"})
    return meeting_reference or f"{meeting_item.meeting}, item {meeting_item.number}"


def _check_protocol(request: FundingRequest, meeting_reference: str) -> None:
    protocol = Protocol.objects.filter(partnership_id=request.pot.partnership_id).first()
    if protocol is None:
        return
    if request.amount_pence > protocol.coordinator_limit_pence and not meeting_reference:
        raise ValidationError(
            {
                "meeting_reference": (
                    f"Requests over {money(protocol.coordinator_limit_pence)} are decided at a "
                    "meeting: record the meeting and item"
                )
            }
        )
    unmet = protocol_unmet(request)
    if unmet and not request.retrospective:
        raise ValidationError(
            "The request does not meet the protocol yet: " + "; ".join(c.text for c in unmet)
        )


@transaction.atomic
def request_approve(
    *,
    request: FundingRequest,
    decided_on: dt.date,
    decided_by: str,
    meeting_reference: str = "",
    meeting_item: Item | None = None,
    decision_note: str = "",
    over_commit: bool = False,
    over_commitment_reason: str = "",
) -> FundingRequest:
    """Approve a request, committing its amount; refuse if the pot cannot cover it.

    A request larger than the uncommitted balance is approved only when `over_commit` is set
    with a reason, which is recorded on the request.
    """
    _locked_pot(request.pot_id)
    request = FundingRequest.objects.select_for_update().select_related("pot").get(pk=request.pk)
    allowed = {RequestStatus.SUBMITTED}
    if request.retrospective:
        allowed.add(RequestStatus.DRAFT)
    if request.status not in allowed:
        raise ValidationError(
            f"A {request.get_status_display().lower()} request cannot be approved"
            + ("" if request.retrospective else " (submit it first)")
        )
    meeting_reference = _meeting_fields(request, meeting_item, meeting_reference)
    _check_protocol(request, meeting_reference)
    uncommitted = pot_balance(request.pot).uncommitted
    over = request.amount_pence > uncommitted
    if over and not over_commit:
        raise ValidationError(
            f"{request.pot.name} has {money(max(uncommitted, 0))} uncommitted, less than the "
            f"{money(request.amount_pence)} requested. Approving it would over-commit the pot; "
            "to do so on purpose, say why."
        )
    if over and not over_commitment_reason.strip():
        raise ValidationError({"over_commitment_reason": "Say why the pot may be over-committed"})
    request.status = RequestStatus.APPROVED
    request.decided_on = decided_on
    request.decided_by = decided_by
    request.meeting_reference = meeting_reference
    request.meeting_item = meeting_item
    request.decision_note = decision_note
    request.over_commitment = over
    request.over_commitment_reason = over_commitment_reason if over else ""
    if request.submitted_on is None:
        request.submitted_on = decided_on
    return record_save(request)


@transaction.atomic
def request_decline(
    *,
    request: FundingRequest,
    decided_on: dt.date,
    decided_by: str,
    meeting_reference: str = "",
    meeting_item: Item | None = None,
    decision_note: str = "",
) -> FundingRequest:
    """Decline a request; nothing is committed."""
    _locked_pot(request.pot_id)
    request = FundingRequest.objects.select_for_update().select_related("pot").get(pk=request.pk)
    if request.status not in {RequestStatus.DRAFT, RequestStatus.SUBMITTED}:
        raise ValidationError(
            f"A {request.get_status_display().lower()} request cannot be declined"
        )
    request.status = RequestStatus.DECLINED
    request.decided_on = decided_on
    request.decided_by = decided_by
    request.meeting_reference = _meeting_fields(request, meeting_item, meeting_reference)
    request.meeting_item = meeting_item
    request.decision_note = decision_note
    return record_save(request)


@transaction.atomic
def request_mark_paid(*, request: FundingRequest, paid_on: dt.date) -> FundingRequest:
    """Record that an approved request has been paid: committed money becomes paid."""
    _locked_pot(request.pot_id)
    request = FundingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.APPROVED:
        raise ValidationError("Only an approved request can be paid")
    if request.decided_on and paid_on < request.decided_on:
        raise ValidationError({"paid_on": "It cannot be paid before it was approved"})
    request.status = RequestStatus.PAID
    request.paid_on = paid_on
    return record_save(request, update_fields=["status", "paid_on"])


# Rollovers -----------------------------------------------------------------------------------


@transaction.atomic
def rollover_request(
    *, pot: Pot, amount_pence: int, asked_of: Body, requested_on: dt.date, reason: str = ""
) -> Rollover:
    """Ask the funder to carry unspent money into next year."""
    _locked_pot(pot.pk)
    uncommitted = pot_balance(pot).uncommitted
    pending = Rollover.objects.filter(pot=pot, status=RolloverStatus.PENDING)
    if amount_pence + _sum(pending) > uncommitted:
        raise ValidationError(
            {
                "amount_pence": (
                    f"Only {money(max(uncommitted - _sum(pending), 0))} is uncommitted and not "
                    "already asked for"
                )
            }
        )
    return record_save(
        Rollover(
            pot=pot,
            amount_pence=amount_pence,
            asked_of=asked_of,
            requested_on=requested_on,
            reason=reason,
        )
    )


@transaction.atomic
def rollover_decide(
    *,
    rollover: Rollover,
    approved: bool,
    outcome_on: dt.date,
    outcome_note: str = "",
    into_pot: Pot | None = None,
) -> Rollover:
    """Record the funder's answer; an approved rollover moves the money out of this pot."""
    _locked_pot(rollover.pot_id)
    if into_pot is not None:
        _locked_pot(into_pot.pk)
    rollover = Rollover.objects.select_for_update().select_related("pot").get(pk=rollover.pk)
    if rollover.status != RolloverStatus.PENDING:
        raise ValidationError("The funder's answer has already been recorded")
    if outcome_on < rollover.requested_on:
        raise ValidationError({"outcome_on": "The answer cannot come before the request"})
    if approved:
        if into_pot is not None:
            if into_pot.pk == rollover.pot_id:
                raise ValidationError({"into_pot": "Choose next year's pot, not this one"})
            if into_pot.partnership_id != rollover.pot.partnership_id:
                raise ValidationError({"into_pot": "Choose a pot of this partnership"})
        if rollover.amount_pence > pot_balance(rollover.pot).uncommitted:
            raise ValidationError(
                "The pot no longer has that much uncommitted; the rollover cannot be approved"
            )
    rollover.status = RolloverStatus.APPROVED if approved else RolloverStatus.DECLINED
    rollover.outcome_on = outcome_on
    rollover.outcome_note = outcome_note
    rollover.into_pot = into_pot if approved else None
    return record_save(rollover)


# Protocol ------------------------------------------------------------------------------------


@transaction.atomic
def protocol_set(
    *,
    partnership: Partnership,
    decider: str,
    coordinator_limit_pence: int,
    criteria: list[str],
    adopted_on: dt.date | None = None,
    notes: str = "",
) -> Protocol:
    """Set the partnership's funding protocol; criteria no longer listed are retired, not lost."""
    protocol = Protocol.objects.filter(partnership=partnership).first() or Protocol(
        partnership=partnership
    )
    protocol.decider = decider
    protocol.coordinator_limit_pence = coordinator_limit_pence
    protocol.adopted_on = adopted_on
    protocol.notes = notes
    record_save(protocol)
    wanted = [c.strip() for c in criteria if c.strip()]
    existing = {c.text: c for c in protocol.criteria.all()}
    for order, text in enumerate(wanted, start=1):
        criterion = existing.pop(text, None) or Criterion(protocol=protocol, text=text)
        criterion.order = order
        criterion.active = True
        record_save(criterion)
    for retired in existing.values():
        retired.active = False
        retired.save(update_fields=["active"])
    return protocol
