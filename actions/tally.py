"""The register's tally: counts of actions by status and resolved deadline, kept beside it.

The dashboard and the action log's totals read `ActionTally` rows — one per kind of breakdown,
key (person, organisation or group), status and deadline date — so their cost follows the number
of distinct deadlines and owners, not the number of actions. Each row carries three counts, one
per reader who can use it:

- `n_public`: actions whose every level (action, meeting, group, item — and, for the owner and
  organisation breakdowns, the owner) is public: what the public sees;
- `n_partners`: those with no restricted level: what a viewer or member sees when they are named
  on no restricted record;
- `n_all`: every action: what a coordinator sees.

A partner named on a restricted record sees some restricted actions and not others, so their
pages count live (`reader_tier` answers None). The tally is rebuilt, in one pass per breakdown,
when the partnership's change counter (core.stamps, bumped by the services that change actions,
meetings, items, groups and people) has moved since it was built, and at least every
`MAX_AGE` as a backstop for edits made outside the services (the admin).
"""

import datetime as dt
from typing import Any, cast

from django.db import transaction
from django.db.models import Case, Count, DateField, F, OuterRef, Q, QuerySet, Sum, When
from django.utils import timezone

from accounts.permissions import Access, access_level, person_of
from actions.models import (
    Action,
    ActionOwner,
    ActionStatus,
    ActionTally,
    ActionTallyState,
    DeadlineRule,
    TallyKind,
)
from core import stamps
from core.models import Visibility
from meetings.models import Item, Meeting
from partnership.models import Group, Partnership, Person

MAX_AGE = dt.timedelta(minutes=15)
TIERS = ("public", "partners", "all")


def _levels(prefix: str) -> list[str]:
    return [prefix, f"{prefix}meeting__", f"{prefix}meeting__group__"]


def _public_q(prefix: str, person: str | None) -> Q:
    q = Q()
    for level in _levels(prefix):
        q &= Q(**{f"{level}visibility": Visibility.PUBLIC})
    q &= Q(**{f"{prefix}item__isnull": True}) | Q(
        **{f"{prefix}item__visibility": Visibility.PUBLIC}
    )
    if person:
        q &= Q(**{f"{person}visibility": Visibility.PUBLIC})
    return q


def _partners_q(prefix: str, person: str | None) -> Q:
    shared = [Visibility.PUBLIC, Visibility.PARTNERS]
    q = Q()
    for level in _levels(prefix):
        q &= Q(**{f"{level}visibility__in": shared})
    q &= Q(**{f"{prefix}item__isnull": True}) | Q(**{f"{prefix}item__visibility__in": shared})
    if person:
        q &= Q(**{f"{person}visibility__in": shared})
    return q


def _due(prefix: str):
    """The resolved deadline of an open action (None for closed ones: they are never late)."""
    return Case(
        When(
            **{
                f"{prefix}status": ActionStatus.OPEN,
                f"{prefix}deadline_rule": DeadlineRule.NEXT_MEETING,
            },
            then=F(f"{prefix}meeting__next_meeting_date"),
        ),
        When(**{f"{prefix}status": ActionStatus.OPEN}, then=F(f"{prefix}deadline_date")),
        default=None,
        output_field=DateField(),
    )


def _counted(qs: QuerySet, *, prefix: str, person: str | None, key: str | None, field: str,
             distinct: bool) -> list[dict]:  # fmt: skip
    group_by = {"t_status": F(f"{prefix}status"), "t_due": _due(prefix)}
    if key:
        group_by["t_key"] = F(key)
    return list(
        qs.order_by()
        .values(**group_by)
        .annotate(
            n_public=Count(field, distinct=distinct, filter=_public_q(prefix, person)),
            n_partners=Count(field, distinct=distinct, filter=_partners_q(prefix, person)),
            n_all=Count(field, distinct=distinct),
        )
    )


def _rows(partnership: Partnership) -> list[ActionTally]:
    actions = Action.objects.filter(partnership=partnership)
    owners = ActionOwner.objects.filter(action__partnership=partnership)
    passes = [
        (TallyKind.ALL, _counted(actions, prefix="", person=None, key=None, field="pk",
                                 distinct=False)),
        (TallyKind.GROUP, _counted(actions, prefix="", person=None, key="meeting__group_id",
                                   field="pk", distinct=False)),
        (TallyKind.OWNER, _counted(owners, prefix="action__", person="person__", key="person_id",
                                   field="action_id", distinct=True)),
        (TallyKind.BODY, _counted(owners, prefix="action__", person="person__",
                                  key="person__body_id", field="action_id", distinct=True)),
    ]  # fmt: skip
    return [
        ActionTally(
            partnership=partnership,
            kind=kind,
            key=r.get("t_key"),
            status=r["t_status"],
            due=r["t_due"],
            n_public=r["n_public"],
            n_partners=r["n_partners"],
            n_all=r["n_all"],
        )
        for kind, rows in passes
        for r in rows
    ]


def rebuild(partnership: Partnership) -> None:
    """Recount the partnership's register into its tally (one pass per breakdown)."""
    with transaction.atomic():
        state, _ = ActionTallyState.objects.select_for_update().get_or_create(
            partnership=partnership
        )
        version = stamps.version(partnership.pk)
        if state.version == version and state.built and state.built > timezone.now() - MAX_AGE:
            return  # another request rebuilt it while this one waited for the lock
        ActionTally.objects.filter(partnership=partnership).delete()
        ActionTally.objects.bulk_create(_rows(partnership), batch_size=1000)
        state.version = version
        state.built = timezone.now()
        state.save(update_fields=["version", "built"])


def ensure(partnership: Partnership) -> None:
    """Rebuild the tally if the record changed since it was built (one indexed read if not)."""
    state = (
        ActionTallyState.objects.filter(partnership=partnership)
        .annotate(current=stamps.version_subquery(OuterRef("partnership_id")))
        .values_list("version", "current", "built")
        .first()
    )
    if (
        state is None
        or state[0] != (state[1] or 0)
        or state[2] is None
        or state[2] <= timezone.now() - MAX_AGE
    ):
        rebuild(partnership)


def _named_on_restricted(person: Person) -> bool:
    """Whether the person is named as a reader of any action, meeting, item, group or person."""
    reads = []
    for model in (Action, Meeting, Item, Group, Person):
        field = model._meta.get_field("restricted_to")
        reader = field.m2m_reverse_field_name()  # "person", or "to_person" on Person itself
        through = cast(Any, field.remote_field.through)  # the m2m's table, never None here
        reads.append(through.objects.filter(**{reader: person}).values_list(reader))
    first, *rest = reads
    return first.union(*rest, all=True).exists()


def reader_tier(user, partnership: Partnership) -> str | None:
    """Which count of the tally this reader sees, or None when their view must be counted live
    (a partner named on some restricted record)."""
    level = access_level(user, partnership)
    if level >= Access.COORDINATOR:
        return "all"
    if level < Access.VIEWER:
        return "public"
    person = person_of(user, partnership)
    if person is not None and _named_on_restricted(person):
        return None
    return "partners"


def totals(*, partnership: Partnership, tier: str, today: dt.date, soon_days: int) -> dict:
    """Open, overdue and due-soon counts for the reader's tier."""
    column = f"n_{tier}"
    got = ActionTally.objects.filter(
        partnership=partnership, kind=TallyKind.ALL, status=ActionStatus.OPEN
    ).aggregate(
        open=Sum(column),
        overdue=Sum(column, filter=Q(due__lt=today)),
        due_soon=Sum(
            column, filter=Q(due__gte=today, due__lte=today + dt.timedelta(days=soon_days))
        ),
    )
    return {name: value or 0 for name, value in got.items()}


def breakdown(*, partnership: Partnership, kind: str, tier: str, today: dt.date) -> list[Any]:
    """Open and overdue counts per key (person or organisation) with at least one open."""
    column = f"n_{tier}"
    return list(
        ActionTally.objects.filter(partnership=partnership, kind=kind, status=ActionStatus.OPEN)
        .values("key")
        .annotate(open=Sum(column), late=Sum(column, filter=Q(due__lt=today)))
        .filter(open__gt=0)
        .order_by()
    )


def count(
    *,
    partnership: Partnership,
    tier: str,
    today: dt.date,
    status: str = "",
    overdue: bool = False,
    kind: str = TallyKind.ALL,
    key: int | None = None,
) -> int:
    """How many actions match a status, lateness and one breakdown key."""
    qs = ActionTally.objects.filter(partnership=partnership, kind=kind)
    if kind != TallyKind.ALL:
        qs = qs.filter(key=key)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=ActionStatus.OPEN, due__lt=today)
    return qs.aggregate(n=Sum(f"n_{tier}"))["n"] or 0
