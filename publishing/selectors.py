"""What the public site shows, composed from the other apps' selectors.

Nothing here decides visibility: every list comes from the owning app's selector, called with
the reader (an anonymous visitor, a signed-in partner, or the owner of a feed token), so a
record the reader may not see never reaches a page or a feed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from assessments.models import AssessmentStatus
from assessments.narrative import plain_summary
from assessments.selectors import assessments_visible
from engagement.models import Consultation, PublicMeeting
from engagement.selectors import consultations_visible, public_meetings_visible
from meetings.models import Item, Meeting, MeetingStatus
from meetings.selectors import (
    READABLE_BY_PARTNERS,
    items_visible,
    meetings_visible,
    minutes_q,
    minutes_readable,
)
from partnership.models import Group, Partnership
from plan.models import Plan, PlanStatus, Priority
from plan.selectors import plans_visible, priorities_visible
from reports.models import BoardReport, ReportKind
from reports.selectors import reports_issued


@dataclass
class MeetingAgenda:
    """A meeting with the items (and papers) the reader may see."""

    meeting: Meeting
    items: list[Item] = field(default_factory=list)


def agenda_items(*, user, meeting: Meeting) -> list[Item]:
    """A meeting's items as the meeting page lists them for this reader (meetings selectors)."""
    if not minutes_readable(user, meeting):
        return []
    return list(items_visible(user=user, meeting=meeting))


def upcoming_meetings(
    *, user, partnership: Partnership, on: dt.date, group: Group | None = None, limit: int = 20
) -> list[MeetingAgenda]:
    """The next meetings the reader may see, each with its agenda and papers."""
    meetings = meetings_visible(user=user, partnership=partnership).filter(date__gte=on)
    if group is not None:
        meetings = meetings.filter(group=group)
    return [
        MeetingAgenda(meeting=m, items=agenda_items(user=user, meeting=m))
        for m in meetings.order_by("date", "start_time")[:limit]
    ]


def published_minutes(
    *, user, partnership: Partnership, group: Group | None = None
) -> QuerySet[Meeting]:
    """Meetings whose minutes have gone out (circulated or approved) and the reader may read,
    newest first: approved minutes for the public, circulated ones too for partners."""
    meetings = (
        meetings_visible(user=user, partnership=partnership)
        .filter(minutes_q(user, partnership))
        .filter(minutes_status__in=READABLE_BY_PARTNERS)
        .exclude(status=MeetingStatus.CANCELLED)
    )
    if group is not None:
        meetings = meetings.filter(group=group)
    return meetings.order_by("-date", "-pk")


def current_plan(*, user, partnership: Partnership) -> Plan | None:
    """The latest agreed plan the reader may see (the plan in force), if any."""
    return (
        plans_visible(user=user, partnership=partnership).filter(status=PlanStatus.AGREED).first()
    )


def plan_priorities(*, user, partnership: Partnership, plan: Plan | None) -> list[Priority]:
    """The priorities of the plan's year (or of the latest year) that the reader may see."""
    priorities = priorities_visible(user=user, partnership=partnership)
    if plan is not None:
        return list(priorities.filter(year=plan.year))
    latest = priorities.first()
    return list(priorities.filter(year=latest.year)) if latest else []


@dataclass
class AssessmentSummary:
    assessment: object
    summary: list[str]


def assessment_summaries(
    *, user, partnership: Partnership, limit: int = 5
) -> list[AssessmentSummary]:
    """The latest finished assessments the reader may read, each with its plain summary."""
    done = assessments_visible(user=user, partnership=partnership).filter(
        status=AssessmentStatus.DONE, result__isnull=False
    )
    return [
        AssessmentSummary(
            assessment=a,
            # The assessment page's pointer to its own charts ("shown below") is not ours.
            summary=[line for line in plain_summary(a.result) if "shown below" not in line],
        )
        for a in done[:limit]
    ]


def latest_annual_report(*, partnership: Partnership) -> BoardReport | None:
    """The newest issued annual report (issued reports are public; reports app)."""
    issued = reports_issued(partnership=partnership, kind=ReportKind.ANNUAL)
    return issued[0] if issued else None


@dataclass
class PublicMeetings:
    upcoming: list[PublicMeeting]
    past: list[PublicMeeting]


def public_meetings(*, user, partnership: Partnership, on: dt.date) -> PublicMeetings:
    """Statutory public meetings the reader may see: those to come, then those held (newest
    first)."""
    meetings = list(public_meetings_visible(user=user, partnership=partnership))
    # A meeting held today is still to come until what was discussed is published.
    to_come = [m for m in meetings if m.held_on >= on and not m.summary_is_published(on)]
    return PublicMeetings(
        upcoming=sorted(to_come, key=lambda m: m.held_on),
        past=[m for m in meetings if m not in to_come],
    )


def consultations_open(*, user, partnership: Partnership, on: dt.date) -> list[Consultation]:
    """Consultations the reader may see that have started and not yet closed."""
    return list(
        consultations_visible(user=user, partnership=partnership)
        .filter(started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    )
