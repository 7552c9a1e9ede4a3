"""Reads from engagement, filtered by what the user may see."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.permissions import visible_q
from engagement.models import Concern, Consultation, Event, Finding, FollowUp, PublicMeeting
from partnership.models import RESPONSIBLE_AUTHORITY_TYPES, Body, Partnership, Person
from plan.models import financial_year_bounds, financial_year_of, year_label


def events_visible(*, user, partnership: Partnership) -> QuerySet[Event]:
    """The partnership's stakeholder events the user may see, newest first."""
    return (
        Event.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("priority")
        .distinct()
        .order_by("-held_on")
    )


def event_findings(*, event: Event) -> QuerySet[Finding]:
    """An event's findings with their follow-ups (visible whenever the event is)."""
    return event.findings.prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("objective", "objective__plan"),
        )
    )


@dataclass
class EventOutcomes:
    event: Event
    findings: list
    taken_forward: int = 0
    waiting: int = 0


def outcomes_taken_forward(*, user, partnership: Partnership) -> list[EventOutcomes]:
    """Each visible event, its findings and how each was taken forward (or that it was not)."""
    result = []
    events = events_visible(user=user, partnership=partnership).prefetch_related(
        Prefetch(
            "findings",
            queryset=Finding.objects.prefetch_related(
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.select_related("objective", "objective__plan"),
                )
            ),
        )
    )
    for event in events:
        findings = list(event.findings.all())
        done = sum(1 for f in findings if f.follow_ups.all())
        result.append(
            EventOutcomes(
                event=event, findings=findings, taken_forward=done, waiting=len(findings) - done
            )
        )
    return result


def public_meetings_visible(*, user, partnership: Partnership) -> QuerySet[PublicMeeting]:
    """Public meetings the user may see, with their attendees and the attendees' bodies."""
    return (
        PublicMeeting.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .prefetch_related(
            Prefetch("attendees", queryset=Person.objects.select_related("body").order_by("name"))
        )
        .distinct()
        .order_by("-held_on")
    )


def responsible_authorities(*, user, partnership: Partnership) -> list[Body]:
    """The responsible authorities the user may see (the bodies a public meeting must hear from)."""
    return list(
        Body.objects.filter(
            partnership=partnership, body_type__in=RESPONSIBLE_AUTHORITY_TYPES
        ).filter(visible_q(user, partnership))
    )


def meeting_missing_authorities(meeting: PublicMeeting, authorities: list[Body]) -> list[Body]:
    """Responsible authorities no attendee of the meeting came from."""
    present = {p.body_id for p in meeting.attendees.all()}
    return [b for b in authorities if b.pk not in present]


@dataclass
class PublicMeetingYear:
    year: int
    meetings: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return year_label(self.year)


def public_meeting_years(*, user, partnership: Partnership) -> list[PublicMeetingYear]:
    """Each financial year the partnership has been active, its public meetings and warnings.

    The years run from the earliest engagement or plan record to the latest (and the current
    year, if the partnership was active last year), so a year with no public meeting shows.
    """
    meetings = list(public_meetings_visible(user=user, partnership=partnership))
    all_dates = list(
        PublicMeeting.objects.filter(partnership=partnership).values_list("held_on", flat=True)
    )
    all_dates += list(
        Event.objects.filter(partnership=partnership).values_list("held_on", flat=True)
    )
    years = {financial_year_of(d) for d in all_dates}
    years |= set(partnership.plans.values_list("year", flat=True))
    if not years:
        return []
    today = financial_year_of(timezone.localdate())
    last = max(years)
    if last >= today - 1:
        last = max(last, today)
    authorities = responsible_authorities(user=user, partnership=partnership)
    by_year = defaultdict(list)
    for m in meetings:
        by_year[financial_year_of(m.held_on)].append(m)
    rows = []
    for year in range(max(last, max(years)), min(years) - 1, -1):
        row = PublicMeetingYear(year=year, meetings=sorted(by_year[year], key=lambda m: m.held_on))
        start, end = financial_year_bounds(year)
        held_any = PublicMeeting.objects.filter(
            partnership=partnership, held_on__range=(start, end)
        ).exists()
        if not held_any:
            row.warnings.append(f"No public meeting was held in {row.label}")
        for m in row.meetings:
            m.missing = meeting_missing_authorities(m, authorities)
            if m.missing:
                names = ", ".join(b.name for b in m.missing)
                row.warnings.append(f"No one attended the meeting of {m} for: {names}")
            if not m.notice_published_on:
                row.warnings.append(f"No notice is recorded for the {m}")
            if not m.summary_published_on and m.held_on < timezone.localdate():
                row.warnings.append(f"No published summary is recorded for the {m}")
        rows.append(row)
    return rows


def consultations_visible(*, user, partnership: Partnership) -> QuerySet[Consultation]:
    """Community consultations the user may see, with what residents said."""
    return (
        Consultation.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .prefetch_related(Prefetch("concerns", queryset=Concern.objects.select_related("priority")))
        .distinct()
        .order_by("-started_on")
    )


@dataclass
class ConcernTopic:
    topic: str
    mentions: int
    consultations: int
    respondents: int


def public_concern(
    *, user, partnership: Partnership, year: int | None = None
) -> list[ConcernTopic]:
    """What residents raised most across consultations (for the assessment's public concern)."""
    qs = consultations_visible(user=user, partnership=partnership)
    if year is not None:
        start, end = financial_year_bounds(year)
        qs = qs.filter(started_on__range=(start, end))
    topics: dict[str, ConcernTopic] = {}
    for consultation in qs:
        for c in consultation.concerns.all():
            key = c.topic.strip().lower()
            t = topics.setdefault(key, ConcernTopic(c.topic.strip(), 0, 0, 0))
            t.mentions += c.mentions or 0
            t.consultations += 1
            t.respondents += consultation.respondents or 0
    return sorted(topics.values(), key=lambda t: (-t.mentions, t.topic))
