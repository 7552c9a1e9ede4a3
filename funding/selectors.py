"""Reads from funding, filtered by what the user may see."""

from dataclasses import dataclass, replace

from django.db.models import QuerySet, Sum

from accounts.permissions import visible_name, visible_q
from funding.models import FundingRequest, Pot, Protocol, RequestStatus, Rollover
from funding.services import Balance, pot_balance
from partnership.models import Partnership


@dataclass
class PotSummary:
    pot: Pot
    balance: Balance


def pots_visible(*, user, partnership: Partnership) -> QuerySet[Pot]:
    """The partnership's pots the user may see, newest year first."""
    return (
        Pot.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("funder")
        .distinct()
        .order_by("-year", "name")
    )


def _sum(qs) -> int:
    return qs.aggregate(total=Sum("amount_pence"))["total"] or 0


def pot_balance_for(*, user, pot: Pot) -> Balance:
    """The pot's balances as this reader may see them.

    Totals count only the requests the reader may see; when some are hidden the balance is
    marked `partial` and pages and exports say so instead of showing the uncommitted money.
    """
    full = pot_balance(pot)
    every = FundingRequest.objects.filter(pot_id=pot.pk)
    seen = every.filter(visible_q(user, pot.partnership)).distinct()
    if seen.count() == every.count():
        return full
    return replace(
        full,
        committed=_sum(seen.filter(status=RequestStatus.APPROVED)),
        paid=_sum(seen.filter(status=RequestStatus.PAID)),
        partial=True,
    )


def pot_summaries(*, user, partnership: Partnership) -> list[PotSummary]:
    """Each visible pot with its balances as the reader may see them (pot_balance_for)."""
    return [
        PotSummary(pot=p, balance=pot_balance_for(user=user, pot=p))
        for p in pots_visible(user=user, partnership=partnership)
    ]


def requests_visible(*, user, partnership: Partnership) -> QuerySet[FundingRequest]:
    """Requests the user may see: the request and its pot must both be visible."""
    return (
        FundingRequest.objects.filter(pot__partnership=partnership)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "pot__"))
        .select_related("pot", "pot__funder", "requesting_body", "priority")
        .distinct()
        .order_by("-pot__year", "pot__name", "pk")
    )


def rollovers_of(*, pot: Pot) -> QuerySet[Rollover]:
    """Rollovers out of and into a pot (visible whenever the pot is)."""
    return Rollover.objects.filter(pot=pot).select_related("asked_of", "into_pot")


def protocol_of(*, partnership: Partnership) -> Protocol | None:
    """The partnership's funding protocol with its active criteria, if it has one."""
    return Protocol.objects.filter(partnership=partnership).first()


def _pounds(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


POT_COLUMNS = [
    "pot",
    "year",
    "funder",
    "allocated_pence",
    "rolled_in_pence",
    "rolled_out_pence",
    "committed_pence",
    "paid_pence",
    "uncommitted_pence",
    "pending_rollover_pence",
    "conditions",
    "some_requests_hidden",
]
REQUEST_COLUMNS = [
    "pot",
    "year",
    "request",
    "requesting_body",
    "amount_pence",
    "amount_gbp",
    "status",
    "priority",
    "theme",
    "retrospective",
    "submitted_on",
    "decided_on",
    "decided_by",
    "meeting",
    "over_commitment",
    "paid_on",
]


def export_tables(*, user, partnership: Partnership) -> dict[str, list[list]]:
    """Pots (with balances) and requests as rows for CSV/XLSX, limited to what the user sees."""
    pots: list[list[object]] = [list(POT_COLUMNS)]
    for s in pot_summaries(user=user, partnership=partnership):
        b = s.balance
        pots.append(
            [
                s.pot.name,
                s.pot.year_label,
                visible_name(user, partnership, s.pot.funder, "a restricted body"),
                b.allocated,
                b.rolled_in,
                b.rolled_out,
                b.committed,
                b.paid,
                "" if b.partial else b.uncommitted,
                b.pending_rollover,
                s.pot.conditions,
                "yes" if b.partial else "no",
            ]
        )
    requests: list[list[object]] = [list(REQUEST_COLUMNS)]
    for r in requests_visible(user=user, partnership=partnership):
        requests.append(
            [
                r.pot.name,
                r.pot.year_label,
                r.title,
                visible_name(user, partnership, r.requesting_body, "a restricted body"),
                r.amount_pence,
                _pounds(r.amount_pence),
                r.get_status_display(),
                visible_name(user, partnership, r.priority, "a restricted priority"),
                r.get_theme_display() if r.theme else "",
                "yes" if r.retrospective else "no",
                r.submitted_on.isoformat() if r.submitted_on else "",
                r.decided_on.isoformat() if r.decided_on else "",
                r.decided_by,
                r.meeting_reference,
                "yes" if r.over_commitment else "no",
                r.paid_on.isoformat() if r.paid_on else "",
            ]
        )
    return {"Pots": pots, "Requests": requests}
