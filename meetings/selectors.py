"""Reads from the meeting record, filtered by what the user may see."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.permissions import Access, access_level, visible_q
from core.formatting import date_gb, time_gb
from meetings.models import (
    Attendance,
    AttendanceStatus,
    Circulation,
    Decision,
    FollowUp,
    Item,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Paper,
    QuorumRule,
)
from partnership.models import Group, Membership, MembershipStatus, Partnership

READABLE_BY_PARTNERS = [MinutesStatus.CIRCULATED, MinutesStatus.APPROVED, MinutesStatus.LOCKED]
READABLE_BY_PUBLIC = [MinutesStatus.APPROVED, MinutesStatus.LOCKED]


def _or_null(q: Q, field_name: str) -> Q:
    """visible_q for an optional relation: records without one pass."""
    return q if not q else (Q(**{f"{field_name}__isnull": True}) | q)


def minutes_q(user, partnership: Partnership, prefix: str = "") -> Q:
    """Meetings whose minute text the user may read: drafts stay with the coordinators,
    circulated minutes go to partners, approved minutes to everyone."""
    level = access_level(user, partnership)
    if level >= Access.COORDINATOR:
        return Q()
    statuses = READABLE_BY_PARTNERS if level >= Access.VIEWER else READABLE_BY_PUBLIC
    return Q(**{f"{prefix}minutes_status__in": statuses})


def minutes_readable(user, meeting: Meeting) -> bool:
    """True if the user may read this meeting's minute text."""
    level = access_level(user, meeting.partnership)
    if level >= Access.COORDINATOR:
        return True
    statuses = READABLE_BY_PARTNERS if level >= Access.VIEWER else READABLE_BY_PUBLIC
    return meeting.minutes_status in statuses


def agenda_q(user, partnership: Partnership, prefix: str = "") -> Q:
    """Meetings whose agenda (item titles and papers) the user may read: coordinators always;
    others once the agenda is published, or once they may read the minutes."""
    if access_level(user, partnership) >= Access.COORDINATOR:
        return Q()
    return Q(**{f"{prefix}agenda_published_at__isnull": False}) | minutes_q(
        user, partnership, prefix
    )


def agenda_readable(user, meeting: Meeting) -> bool:
    """True if the user may read this meeting's agenda: its items' titles and their papers.

    The items themselves are still filtered by their own visibility (items_visible); the minute
    text stays behind minutes_readable until the minutes are circulated or approved."""
    return meeting.agenda_published_at is not None or minutes_readable(user, meeting)


def meetings_visible(*, user, partnership: Partnership) -> QuerySet[Meeting]:
    """The partnership's meetings the user may see, with their groups."""
    return (
        Meeting.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "group__"))
        .select_related("group", "partnership")
    )


def meetings_of_group(*, user, group: Group) -> QuerySet[Meeting]:
    """A group's visible meetings, earliest first."""
    return (
        meetings_visible(user=user, partnership=group.partnership)
        .filter(group=group)
        .order_by("date", "start_time")
    )


def next_meeting(*, group: Group, after: dt.date) -> Meeting | None:
    """The group's next meeting after a date that is not cancelled."""
    return (
        Meeting.objects.filter(group=group, date__gt=after)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date")
        .first()
    )


def items_visible(*, user, meeting: Meeting) -> QuerySet[Item]:
    """A meeting's items the user may see, in order, with their papers."""
    return (
        meeting.items.filter(visible_q(user, meeting.partnership))
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("pk")))
        .order_by("position")
    )


def attendance_visible(*, user, meeting: Meeting) -> list[Attendance]:
    """Who attended, sent apologies or was absent, naming only people the user may see."""
    q = _or_null(visible_q(user, meeting.partnership, "person__"), "person")
    return list(
        meeting.attendance.filter(q)
        .select_related("person", "person__body", "substitute_for")
        .order_by("status", "pk")
    )


@dataclass
class Quorum:
    rule: QuorumRule | None
    present: int = 0
    authorities: list[str] = field(default_factory=list)
    recorded: bool = True  # no warning before anyone's attendance is recorded

    @property
    def is_quorate(self) -> bool:
        if self.rule is None:
            return True
        return (
            self.present >= self.rule.min_present
            and len(self.authorities) >= self.rule.min_responsible_authorities
        )

    @property
    def message(self) -> str:
        if self.rule is None or self.is_quorate or not self.recorded:
            return ""
        return (
            f"Not quorate: {self.present} member{'s' if self.present != 1 else ''} and "
            f"{len(self.authorities)} responsible "
            f"{'authority' if len(self.authorities) == 1 else 'authorities'} present; "
            f"{self.rule.group.name} needs at least {self.rule.min_present} members and "
            f"{self.rule.min_responsible_authorities} responsible authorities."
        )


def quorum(*, meeting: Meeting) -> Quorum:
    """Whether the members present meet the group's quorum rule."""
    rule = QuorumRule.objects.filter(group=meeting.group_id).select_related("group").first()
    attendance = list(meeting.attendance.select_related("person__body"))
    present = [
        a
        for a in attendance
        if a.status == AttendanceStatus.PRESENT and a.is_member and a.person_id
    ]
    present_bodies = [a.person.body for a in present if a.person is not None]
    authorities = sorted(
        {b.name for b in present_bodies if b is not None and b.is_responsible_authority}
    )
    return Quorum(
        rule=rule, present=len(present), authorities=authorities, recorded=bool(attendance)
    )


def _overlaps(a: Meeting, b: Meeting) -> bool:
    if not (a.start_time and b.start_time):
        return True
    a_end = a.end_time or (dt.datetime.combine(a.date, a.start_time) + dt.timedelta(hours=1)).time()
    b_end = b.end_time or (dt.datetime.combine(b.date, b.start_time) + dt.timedelta(hours=1)).time()
    return a.start_time < b_end and b.start_time < a_end


def meeting_clashes(*, meeting: Meeting) -> list[tuple[str, Meeting]]:
    """People invited to this meeting and to another CSP Hub meeting at the same time."""
    others = [
        m
        for m in Meeting.objects.filter(partnership=meeting.partnership_id, date=meeting.date)
        .exclude(pk=meeting.pk)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("group")
        if _overlaps(meeting, m)
    ]
    if not others or meeting.status == MeetingStatus.CANCELLED:
        return []

    current = ~Q(status=MembershipStatus.ENDED)
    invited = set(
        Membership.objects.filter(current, group=meeting.group_id).values_list(
            "person_id", flat=True
        )
    )
    clashes = []
    rows = (
        Membership.objects.filter(current, group__in=[m.group_id for m in others])
        .filter(person_id__in=invited)
        .select_related("person")
        .order_by("person__name")
    )
    by_group: dict[int, list] = {}
    for m in rows:
        by_group.setdefault(m.group_id, []).append(m.person.name)
    for other in others:
        for name in by_group.get(other.group_id, []):
            clashes.append((name, other))
    return clashes


def circulated_minutes_before(*, user, meeting: Meeting) -> list[Meeting]:
    """Earlier meetings of the group whose circulated minutes await approval."""
    return list(
        meetings_visible(user=user, partnership=meeting.partnership).filter(
            group=meeting.group_id,
            date__lt=meeting.date,
            minutes_status=MinutesStatus.CIRCULATED,
        )
    )


def later_meetings(*, meeting: Meeting) -> QuerySet[Meeting]:
    """Later meetings of the same group, which may approve or amend these minutes."""
    return (
        Meeting.objects.filter(group=meeting.group_id, date__gt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("group")
        .order_by("date")
    )


# Attendance history --------------------------------------------------------------------------


@dataclass
class AttendanceSummary:
    name: str
    person_id: int | None = None
    body_id: int | None = None
    present: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def total(self) -> int:
        return self.present + self.apologies + self.absent

    @property
    def rate(self) -> int:
        return round(100 * self.present / self.total) if self.total else 0


def attendance_history(
    *, user, partnership: Partnership, group: Group | None = None
) -> dict[str, list[AttendanceSummary]]:
    """Attendance per person and per body over the visible meetings that were held."""
    meetings = meetings_visible(user=user, partnership=partnership).exclude(
        status=MeetingStatus.CANCELLED
    )
    if group is not None:
        meetings = meetings.filter(group=group)
    rows = (
        Attendance.objects.filter(meeting__in=meetings.values("pk"), person__isnull=False)
        .filter(visible_q(user, partnership, "person__"))
        .values(
            "person_id",
            "person__name",
            "person__initials",
            "person__body_id",
            "person__body__name",
            "status",
            "meeting_id",
        )
    )
    people: dict[str, AttendanceSummary] = {}
    body_status: dict[tuple[tuple[str, int | None], int], set[str]] = {}
    for r in rows:
        key = f"{r['person__name']} ({r['person__initials']})"
        summary = people.setdefault(key, AttendanceSummary(name=key, person_id=r["person_id"]))
        setattr(summary, r["status"], getattr(summary, r["status"]) + 1)
        body = (r["person__body__name"] or "No organisation recorded", r["person__body_id"])
        body_status.setdefault((body, r["meeting_id"]), set()).add(r["status"])
    bodies: dict[str, AttendanceSummary] = {}
    for ((body_name, body_id), _meeting), statuses in body_status.items():
        summary = bodies.setdefault(body_name, AttendanceSummary(name=body_name, body_id=body_id))
        # A body counts as present at a meeting if any of its people were there.
        if AttendanceStatus.PRESENT in statuses:
            summary.present += 1
        elif AttendanceStatus.APOLOGIES in statuses:
            summary.apologies += 1
        else:
            summary.absent += 1
    return {
        "people": sorted(people.values(), key=lambda s: (s.rate, s.name)),
        "bodies": sorted(bodies.values(), key=lambda s: (s.rate, s.name)),
    }


def attendance_record_of(
    *, user, partnership: Partnership, person=None, body=None
) -> list[Attendance]:
    """Meeting by meeting, the attendance of one person or of one body's people."""
    qs = Attendance.objects.filter(
        meeting__in=meetings_visible(user=user, partnership=partnership).values("pk")
    ).filter(visible_q(user, partnership, "person__"))
    qs = qs.filter(person=person) if person is not None else qs.filter(person__body=body)
    return list(
        qs.select_related("meeting", "meeting__group", "person").order_by(
            "-meeting__date", "person__name"
        )
    )


# Minutes document (HTML, Word, PDF) ----------------------------------------------------------


@dataclass(frozen=True)
class MinuteAction:
    """One line of the minutes' ACTION and DEADLINE columns (given by the action register)."""

    owners: str
    deadline: str
    text: str = ""


@dataclass
class MinuteRow:
    number: str
    title: str
    minutes: str
    is_sub_item: bool
    actions: list[MinuteAction]


@dataclass
class MinutesDocument:
    meeting: Meeting
    heading: list[str]
    # (name, role and organisation, reason given for apologies)
    present: list[tuple[str, str, str]]
    apologies: list[tuple[str, str, str]]
    in_attendance: list[tuple[str, str, str]]
    rows: list[MinuteRow]
    status: str

    @property
    def title(self) -> str:
        """The document's title: whose minutes, of which meeting."""
        return f"Minutes of the {self.meeting.group.name}, {date_gb(self.meeting.date)}"


def _who(a: Attendance) -> tuple[str, str, str]:
    """Name, then role and organisation as the minutes print them (the body named once)."""
    name = a.display_name
    role = a.role_line
    if a.substitute_for is not None:
        role = f"{role} (for {a.substitute_for.name})" if role else f"for {a.substitute_for.name}"
    return name, role, a.reason


def minutes_document(
    *,
    user,
    meeting: Meeting,
    actions_of: Callable[[list[int]], dict[int, list[MinuteAction]]] | None = None,
) -> MinutesDocument:
    """The minutes as a clerk files them: heading block, Present, Apologies, then the rows.

    `actions_of(item_ids)` gives each visible item's ACTION and DEADLINE lines; meetings sits
    below the action register, so the caller on the top floor passes it in
    (meetings.outputs.minutes_document). Without it the ACTION column is empty."""
    attendance = attendance_visible(user=user, meeting=meeting)
    items = list(items_visible(user=user, meeting=meeting))
    actions = actions_of([i.pk for i in items]) if actions_of is not None else {}
    when = date_gb(meeting.date)
    if meeting.start_time:
        when += f" {time_gb(meeting.start_time).replace(':', '.')}"
        if meeting.end_time:
            when += f" – {time_gb(meeting.end_time).replace(':', '.')}"
    if meeting.location:
        when += f", {meeting.location.upper()}"
    heading = [
        "MINUTES OF THE",
        (meeting.minutes_heading or meeting.partnership.name).upper(),
        meeting.group.name,
        when,
    ]
    present = [_who(a) for a in attendance if a.status == AttendanceStatus.PRESENT and a.is_member]
    guests = [
        _who(a) for a in attendance if a.status == AttendanceStatus.PRESENT and not a.is_member
    ]
    apologies = [_who(a) for a in attendance if a.status == AttendanceStatus.APOLOGIES]
    rows = [
        MinuteRow(
            number=i.number,
            title=i.title,
            minutes=i.minutes,
            is_sub_item=i.is_sub_item,
            actions=actions.get(i.pk, []),
        )
        for i in items
    ]
    return MinutesDocument(
        meeting=meeting,
        heading=heading,
        present=present,
        apologies=apologies,
        in_attendance=guests,
        rows=rows,
        status=meeting.get_minutes_status_display(),
    )


# Decisions and search ------------------------------------------------------------------------


def decisions_visible(
    *, user, partnership: Partnership, q: str = "", group: Group | None = None
) -> QuerySet[Decision]:
    """Decisions the user may see, newest first, optionally searched and filtered by group."""
    qs = (
        Decision.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("made_by_group", "item", "item__meeting")
        .prefetch_related("follow_ups")
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(made_by_role__icontains=q))
    if group is not None:
        qs = qs.filter(made_by_group=group)
    return qs.order_by("-made_on", "-pk")


def decision_item_visible(*, user, decision: Decision) -> Item | None:
    """The item a decision links to, if the user may see it and its meeting."""
    if decision.item_id is None:
        return None
    partnership = decision.partnership
    return (
        Item.objects.filter(pk=decision.item_id)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "meeting__"))
        .select_related("meeting", "meeting__group")
        .prefetch_related("papers")
        .first()
    )


def follow_ups_visible(*, user, partnership: Partnership) -> QuerySet[FollowUp]:
    """Decision follow-up dates the user may see (for the calendar)."""
    return (
        FollowUp.objects.filter(decision__partnership=partnership)
        .filter(visible_q(user, partnership, "decision__"))
        .select_related("decision")
        .order_by("date")
    )


def search_items(*, user, partnership: Partnership, q: str) -> QuerySet[Item]:
    """Minute items whose title or text matches, among those the user may read."""
    return (
        Item.objects.filter(meeting__partnership=partnership)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "meeting__"))
        .filter(visible_q(user, partnership, "meeting__group__"))
        .filter(minutes_q(user, partnership, "meeting__"))
        .filter(Q(title__icontains=q) | Q(minutes__icontains=q))
        .select_related("meeting", "meeting__group")
        .order_by("-meeting__date", "position")[:100]
    )


def meeting_list_counts(*, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with how many items each has (for the list page)."""
    return meetings.annotate(item_count=Count("items"))


def circulations_of(*, meeting: Meeting) -> list[Circulation]:
    """Each circulation of the meeting's minutes, newest first, with who was sent what and when
    (for coordinators)."""
    return list(
        meeting.circulations.select_related("version", "sent_by")
        .prefetch_related("recipients__person")
        .order_by("-created", "-pk")
    )
