"""Reads from the action register, filtered by what the user may see.

An action is visible when the action, its meeting, its meeting's group and (if it has one) its
item are all visible to the user. Due dates are resolved in the database (`due`): "By next
meeting" reads the meeting's stored `next_meeting_date` (a join, no subquery), so it follows the
group's next meeting and the overdue and due-soon filters stay in SQL.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Prefetch,
    Q,
    QuerySet,
    When,
)

from accounts.permissions import is_coordinator, is_partner, person_of, visible_name, visible_q
from actions import tally
from actions.models import (
    Action,
    ActionOwner,
    ActionStatus,
    DeadlineRule,
    MatterArising,
    TallyKind,
)
from meetings.models import Meeting
from meetings.selectors import MinuteAction
from partnership.models import Body, Group, Partnership, Person


def due_expression(prefix: str = ""):
    """SQL for an action's resolved deadline; `prefix` reaches the action (e.g. "action__").

    A fixed date is the action's own `deadline_date`; "By next meeting" is the stored
    `next_meeting_date` of the action's meeting (kept current by the meetings services), so this
    is a join the page already makes, not a subquery per action.
    """
    return Case(
        When(
            **{f"{prefix}deadline_rule": DeadlineRule.NEXT_MEETING},
            then=F(f"{prefix}meeting__next_meeting_date"),
        ),
        default=F(f"{prefix}deadline_date"),
        output_field=DateField(),
    )


def _visible(user, partnership: Partnership, prefix: str = "") -> Q:
    q = visible_q(user, partnership, prefix)
    q &= visible_q(user, partnership, f"{prefix}meeting__")
    q &= visible_q(user, partnership, f"{prefix}meeting__group__")
    item_q = visible_q(user, partnership, f"{prefix}item__")
    if item_q:
        q &= Q(**{f"{prefix}item__isnull": True}) | item_q
    return q


def actions_visible(*, user, partnership: Partnership) -> QuerySet[Action]:
    """The partnership's actions the user may see, with `due` (the resolved deadline)."""
    return (
        Action.objects.filter(partnership=partnership)
        .filter(_visible(user, partnership))
        .annotate(due=due_expression())
        .select_related("meeting", "meeting__group", "item")
    )


@dataclass
class ActionFilters:
    group: Group | None = None
    owner: Person | None = None
    body_id: int | None = None
    status: str = ""
    overdue: bool = False
    due_within: int | None = None
    q: str = ""

    def apply(self, qs: QuerySet[Action], *, today: dt.date) -> QuerySet[Action]:
        if self.q:
            qs = qs.filter(text__icontains=self.q)
        if self.group is not None:
            qs = qs.filter(meeting__group=self.group)
        if self.owner is not None:
            qs = qs.filter(pk__in=ActionOwner.objects.filter(person=self.owner).values("action"))
        if self.body_id:
            qs = qs.filter(
                pk__in=ActionOwner.objects.filter(person__body_id=self.body_id).values("action")
            )
        if self.status:
            qs = qs.filter(status=self.status)
        if self.overdue:
            qs = qs.filter(status=ActionStatus.OPEN, due__lt=today)  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
        if self.due_within is not None:
            qs = qs.filter(  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
                status=ActionStatus.OPEN,
                due__gte=today,
                due__lte=today + dt.timedelta(days=self.due_within),
            )
        return qs


def action_log(*, user, partnership: Partnership, filters: ActionFilters, today: dt.date):
    """The action log: visible actions, filtered, newest meeting first."""
    qs = filters.apply(actions_visible(user=user, partnership=partnership), today=today)
    return qs.order_by(*LOG_ORDER)


def action_log_count(
    *, user, partnership: Partnership, filters: ActionFilters, today: dt.date
) -> int:
    """How many actions the action log lists: from the register's tally (actions.tally) when
    the filters are one of its breakdowns, otherwise the same filters counted without the page's
    joins and ordering."""
    tier = tally.reader_tier(user, partnership)
    if tier is not None and not filters.q and filters.due_within is None and not filters.body_id:
        kind: str
        key: int | None
        if filters.group is not None and filters.owner is None:
            kind, key = TallyKind.GROUP, filters.group.pk
        elif filters.owner is not None and filters.group is None:
            kind, key = TallyKind.OWNER, filters.owner.pk
        elif filters.group is None and filters.owner is None:
            kind, key = TallyKind.ALL, None
        else:
            kind = ""  # no kept count fits: counted live
        if kind:
            tally.ensure(partnership)
            return tally.count(
                partnership=partnership,
                tier=tier,
                today=today,
                status=filters.status,
                overdue=filters.overdue,
                kind=kind,
                key=key,
            )
    qs = Action.objects.filter(partnership=partnership).filter(_visible(user, partnership))
    if filters.overdue or filters.due_within is not None:
        qs = qs.annotate(due=due_expression())
    return filters.apply(qs, today=today).order_by().count()


LOG_ORDER = ("-meeting__date", "meeting_id", "position", "pk")


def action_log_rows(
    *, qs: QuerySet[Action], partnership: Partnership, filters: ActionFilters, page: int, size: int
) -> list[Action]:
    """Page `page` of an action log queryset, read meeting by meeting (newest first).

    The same rows as `qs[(page - 1) * size : page * size]`, without sorting the whole register:
    only the meetings up to the page are read (see _by_meeting).
    """
    meetings = Meeting.objects.filter(partnership=partnership)
    if filters.group is not None:
        meetings = meetings.filter(group=filters.group)
    days: dict = {}
    for pk, date in meetings.order_by("-date", "pk").values_list("pk", "date"):
        days.setdefault(date, []).append(pk)
    rows, _ = _by_meeting(qs, list(days.values()), (page - 1) * size, size, LOG_ORDER)
    return rows


# The documented order; group and meeting came later, so they are last (scripts keep working).
EXPORT_COLUMNS = [
    "meeting_date",
    "item",
    "action",
    "owners",
    "deadline",
    "deadline_date",
    "status",
    "group",
    "meeting",
]


def export_rows(qs: QuerySet[Action]) -> list[list[str]]:
    """Action-log rows for CSV and XLSX, in the documented column order."""
    rows = [EXPORT_COLUMNS]
    for a in qs.select_related("meeting__group").iterator(chunk_size=2000):
        rows.append(
            [
                a.meeting.date.isoformat(),
                a.item.number if a.item is not None else "",
                a.text,
                a.owners_written,
                a.deadline_text,
                a.due.isoformat() if a.due else "",  # type: ignore[attr-defined]  # set on the instance by this selector
                a.status,
                # An action is visible only with its meeting and group, so both names may show.
                a.meeting.group.name,
                str(a.meeting),
            ]
        )
    return rows


def my_actions(*, user, partnership: Partnership) -> QuerySet[Action]:
    """Actions owned by the user's Person in the partnership."""
    person = person_of(user, partnership)
    visible = actions_visible(user=user, partnership=partnership)
    if person is None:
        return visible.none()  # keeps the `due` annotation that callers filter on
    return visible.filter(
        pk__in=ActionOwner.objects.filter(person=person).values("action")
    ).order_by(F("due").asc(nulls_last=True), "pk")


def actions_of_meeting(*, user, meeting: Meeting) -> QuerySet[Action]:
    """Actions raised at a meeting, in minute order."""
    return (
        actions_visible(user=user, partnership=meeting.partnership)
        .filter(meeting=meeting)
        .order_by("item__position", "position", "pk")
    )


def minute_actions(*, user, meeting: Meeting, item_ids: list[int]) -> dict[int, list[MinuteAction]]:
    """Each visible item's ACTION and DEADLINE lines, as written, for the minutes."""
    out: dict[int, list[MinuteAction]] = {}
    rows = actions_of_meeting(user=user, meeting=meeting).filter(item_id__in=item_ids)
    for a in rows:
        if a.item_id is None:  # filtered on item_id__in: never, but the column may be empty
            continue
        out.setdefault(a.item_id, []).append(
            MinuteAction(owners=a.owners_written, deadline=a.deadline_text, text=a.text)
        )
    return out


@dataclass
class Window:
    """One page of a list that is never counted in full: its rows and whether more follow."""

    rows: list
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0


def _by_meeting(qs: QuerySet, meeting_ids: list[list[int]], offset: int, limit: int,
                order: tuple[str, ...]) -> tuple[list, bool]:  # fmt: skip
    """Rows offset … offset+limit of `qs` ordered by meeting (in the order given, meetings of one
    day together) and then `order`, and whether more rows follow.

    The first page reads meetings in chunks that grow fourfold until it has its rows, so it
    costs what it shows however long the record. A later page counts the rows per meeting in
    one grouped query, then fetches only the meetings that hold its rows.
    """
    want = limit + 1  # one more than shown says whether a next page exists
    if offset:
        flat = [pk for same_day in meeting_ids for pk in same_day]
        per_meeting = dict(
            qs.filter(meeting_id__in=flat)
            .order_by()
            .values_list("meeting_id")
            .annotate(n=Count("pk"))
        )
        sizes = [sum(per_meeting.get(pk, 0) for pk in same_day) for same_day in meeting_ids]
        i, skip = 0, offset
        while i < len(sizes) and sizes[i] <= skip:
            skip -= sizes[i]
            i += 1
        take, held = [], 0
        while i < len(sizes) and held < skip + want:
            take += meeting_ids[i]
            held += sizes[i]
            i += 1
        if not take:
            return [], False
        taken = list(qs.filter(meeting_id__in=take).order_by(*order)[skip : skip + want])
        return taken[:limit], len(taken) > limit
    rows: list = []
    chunk, i = 1, 0
    while i < len(meeting_ids) and len(rows) < want:
        ids = [pk for same_day in meeting_ids[i : i + chunk] for pk in same_day]
        i += chunk
        chunk *= 4  # few queries when the first meetings hold few of the rows
        rows += list(qs.filter(meeting_id__in=ids).order_by(*order)[: want - len(rows)])
    return rows[:limit], len(rows) > limit


def matters_arising(
    *, user, meeting: Meeting, limit: int | None = None, page: int = 1
) -> list[Action]:
    """Open actions of the group's earlier meetings, and those this meeting already marked.

    Each carries `matter` (this meeting's MatterArising, or None). With `limit`, only page `page`
    of `limit` rows is read (see matters_arising_page); without, the whole list.
    """
    return matters_arising_page(user=user, meeting=meeting, limit=limit, page=page).rows


def matters_arising_page(*, user, meeting: Meeting, limit: int | None, page: int = 1) -> Window:
    """One page of the matters arising at a meeting, in meeting and minute order."""
    marked = MatterArising.objects.filter(meeting=meeting)
    qs = (
        actions_visible(user=user, partnership=meeting.partnership)
        .filter(meeting__group=meeting.group_id, meeting__date__lt=meeting.date)
        .filter(Q(status=ActionStatus.OPEN) | Q(pk__in=marked.values("action")))
    )
    order = ("meeting__date", "item__position", "position", "pk")
    if limit is None:
        actions, has_next = list(qs.order_by(*order)), False
    else:
        days: dict = {}
        earlier = Meeting.objects.filter(group=meeting.group_id, date__lt=meeting.date)
        for pk, date in earlier.order_by("date", "pk").values_list("pk", "date"):
            days.setdefault(date, []).append(pk)
        actions, has_next = _by_meeting(qs, list(days.values()), (page - 1) * limit, limit, order)
    matters = {m.action_id: m for m in marked.filter(action__in=[a.pk for a in actions])}
    for a in actions:
        a.matter = matters.get(a.pk)  # type: ignore[attr-defined]  # set on the instance by this selector
    return Window(rows=actions, number=page, size=limit or len(actions), has_next=has_next)


def actions_of_meeting_page(*, user, meeting: Meeting, limit: int, page: int = 1) -> Window:
    """One page of the actions raised at a meeting, in minute order."""
    qs = actions_of_meeting(user=user, meeting=meeting)
    rows = list(qs[(page - 1) * limit : page * limit + 1])
    return Window(rows=rows[:limit], number=page, size=limit, has_next=len(rows) > limit)


def action_detail(*, user, partnership: Partnership, pk: int) -> Action | None:
    """One visible action with owners and notes."""
    owners = Person.objects.filter(visible_q(user, partnership)).order_by("name")
    return (
        actions_visible(user=user, partnership=partnership)
        .prefetch_related(Prefetch("owners", queryset=owners), "notes", "notes__author")
        .filter(pk=pk)
        .first()
    )


def can_update(*, user, action: Action) -> bool:
    """Coordinators, and the action's owners, may record progress on it."""
    if is_coordinator(user, action.partnership):
        return True
    if not is_partner(user, action.partnership):
        return False
    person = person_of(user, action.partnership)
    return person is not None and action.ownerships.filter(person=person).exists()


# Dashboard -----------------------------------------------------------------------------------


@dataclass
class OwnerCount:
    name: str
    open: int
    overdue: int
    person_id: int | None = None
    body_id: int | None = None


def dashboard(*, user, partnership: Partnership, today: dt.date, soon_days: int = 14) -> dict:
    """Due soon, overdue, and open and overdue counts by owner and by body.

    The counts come from the register's tally (actions.tally) and the two lists are read in
    deadline order a few meetings at a time, so the page costs what it shows however many
    actions the partnership holds.
    """
    tier = tally.reader_tier(user, partnership)
    if tier is None:
        return _dashboard_live(user=user, partnership=partnership, today=today, soon_days=soon_days)
    tally.ensure(partnership)
    counts = tally.totals(partnership=partnership, tier=tier, today=today, soon_days=soon_days)
    owner_counts = tally.breakdown(
        partnership=partnership, kind=TallyKind.OWNER, tier=tier, today=today
    )
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[r["key"] for r in owner_counts]).filter(
            visible_q(user, partnership)
        )
    }
    by_owner = sorted(
        (
            OwnerCount(
                name=f"{people[r['key']].name} ({people[r['key']].initials})",
                open=r["open"],
                overdue=r["late"] or 0,
                person_id=r["key"],
            )
            for r in owner_counts
            if r["key"] in people
        ),
        key=lambda c: (-c.overdue, -c.open, c.name),
    )
    body_counts = tally.breakdown(
        partnership=partnership, kind=TallyKind.BODY, tier=tier, today=today
    )
    bodies = {
        b.pk: b for b in Body.objects.filter(pk__in=[r["key"] for r in body_counts if r["key"]])
    }
    by_body = sorted(
        (
            OwnerCount(
                name=visible_name(user, partnership, bodies.get(r["key"]), "An organisation")
                or "No organisation recorded",
                open=r["open"],
                overdue=r["late"] or 0,
                body_id=r["key"],
            )
            for r in body_counts
        ),
        key=lambda c: (-c.overdue, -c.open, c.name),
    )
    open_actions = actions_visible(user=user, partnership=partnership).filter(
        status=ActionStatus.OPEN
    )
    soon = today + dt.timedelta(days=soon_days)
    return {
        "overdue": _first_by_due(open_actions, partnership, None, today, 50)
        if counts["overdue"]
        else [],
        "overdue_count": counts["overdue"],
        "due_soon": _first_by_due(open_actions, partnership, today, soon, 50)
        if counts["due_soon"]
        else [],
        "due_soon_count": counts["due_soon"],
        "open_count": counts["open"],
        "by_owner": by_owner,
        "by_body": by_body,
        "soon_days": soon_days,
    }


def _first_by_due(
    open_actions: QuerySet[Action],
    partnership: Partnership,
    start: dt.date | None,
    end: dt.date,
    limit: int,
) -> list[Action]:
    """The first `limit` open actions due from `start` (inclusive; None for any) to `end`
    (exclusive when `start` is None, i.e. overdue; inclusive otherwise), soonest first.

    Fixed dates are read in the order of the deadline index; "by next meeting" actions meeting
    by meeting in the order of their meetings' stored next-meeting dates; the two are merged.
    """
    fixed = open_actions.filter(deadline_rule=DeadlineRule.DATE)
    meetings = Meeting.objects.filter(partnership=partnership, next_meeting_date__isnull=False)
    if start is None:
        fixed = fixed.filter(deadline_date__lt=end)
        meetings = meetings.filter(next_meeting_date__lt=end)
    else:
        fixed = fixed.filter(deadline_date__gte=start, deadline_date__lte=end)
        meetings = meetings.filter(next_meeting_date__gte=start, next_meeting_date__lte=end)
    keys = list(fixed.order_by("deadline_date", "pk").values_list("due", "pk")[:limit])  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
    days: dict = {}
    for pk, due in meetings.order_by("next_meeting_date", "pk").values_list(
        "pk", "next_meeting_date"
    ):
        days.setdefault(due, []).append(pk)
    following = open_actions.filter(deadline_rule=DeadlineRule.NEXT_MEETING)
    more, _ = _by_meeting(
        following.values_list("due", "pk"),  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
        list(days.values()),
        0,
        limit,
        ("due", "pk"),
    )
    wanted = [pk for _, pk in sorted(keys + more)[:limit]]  # keys first, then the rows shown
    return list(open_actions.filter(pk__in=wanted).order_by("due", "pk")) if wanted else []  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()


def _dashboard_live(*, user, partnership: Partnership, today: dt.date, soon_days: int) -> dict:
    """The dashboard counted from the register itself, for a partner named on restricted
    records (whose view the tally cannot hold)."""
    visible = actions_visible(user=user, partnership=partnership)
    open_actions = visible.filter(status=ActionStatus.OPEN)
    overdue = open_actions.filter(due__lt=today).order_by("due", "pk")  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
    due_soon = open_actions.filter(  # type: ignore[misc]  # annotated by actions_visible(): django-stubs cannot follow .annotate()
        due__gte=today, due__lte=today + dt.timedelta(days=soon_days)
    ).order_by("due", "pk")
    owners = (
        ActionOwner.objects.filter(action__partnership=partnership)
        .filter(_visible(user, partnership, "action__"))
        .filter(visible_q(user, partnership, "person__"))
        .filter(action__status=ActionStatus.OPEN)
        .annotate(due=due_expression("action__"))
    )
    by_owner = [
        OwnerCount(
            name=f"{r['person__name']} ({r['person__initials']})",
            open=r["open"],
            overdue=r["late"],
            person_id=r["person_id"],
        )
        for r in owners.values("person_id", "person__name", "person__initials")
        .annotate(open=Count("pk"), late=Count("pk", filter=Q(due__lt=today)))
        .order_by("-late", "-open", "person__name")
    ]
    by_body = [
        OwnerCount(
            name=r["person__body__name"] or "No organisation recorded",
            open=r["open"],
            overdue=r["late"],
            body_id=r["person__body_id"],
        )
        for r in owners.values("person__body_id", "person__body__name")
        .annotate(
            open=Count("action", distinct=True),
            late=Count("action", distinct=True, filter=Q(due__lt=today)),
        )
        .order_by("-late", "-open", "person__body__name")
    ]
    by_owner.sort(key=lambda c: (-c.overdue, -c.open, c.name))  # as the tally's page sorts
    by_body.sort(key=lambda c: (-c.overdue, -c.open, c.name))
    counts = open_actions.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due__lt=today)),
        due_soon=Count(
            "pk", filter=Q(due__gte=today, due__lte=today + dt.timedelta(days=soon_days))
        ),
    )  # one pass over the open actions for the three totals
    return {
        "overdue": list(overdue[:50]) if counts["overdue"] else [],
        "overdue_count": counts["overdue"],
        "due_soon": list(due_soon[:50]) if counts["due_soon"] else [],
        "due_soon_count": counts["due_soon"],
        "open_count": counts["open"],
        "by_owner": by_owner,
        "by_body": by_body,
        "soon_days": soon_days,
    }
