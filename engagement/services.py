"""Writes to engagement. Every change goes through one of these functions."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.models import Action
from actions.services import action_create
from core.models import Visibility
from core.services import record_save
from engagement import announcements
from engagement.models import (
    Concern,
    Consultation,
    Event,
    Finding,
    FollowUp,
    FollowUpKind,
    PublicMeeting,
    Workshop,
)
from meetings.models import Item, Meeting
from partnership.models import Partnership, Person
from plan.models import Objective, Priority
from plan.services import action_link_set


def _check_priority(partnership: Partnership, priority: Priority | None) -> None:
    if priority is not None and priority.partnership_id != partnership.pk:
        raise ValidationError({"priority": "Choose a priority of this partnership"})


def event_create(
    *,
    partnership: Partnership,
    title: str,
    held_on: dt.date,
    venue: str = "",
    run_with: str = "",
    priority: Priority | None = None,
    attendance: int | None = None,
    attendance_is_minimum: bool = False,
    attendance_note: str = "",
    summary: str = "",
    visibility: str = Visibility.PUBLIC,
) -> Event:
    """Record a stakeholder event."""
    _check_priority(partnership, priority)
    return record_save(
        Event(
            partnership=partnership,
            title=title,
            held_on=held_on,
            venue=venue,
            run_with=run_with,
            priority=priority,
            attendance=attendance,
            attendance_is_minimum=attendance_is_minimum,
            attendance_note=attendance_note,
            summary=summary,
            visibility=visibility,
        )
    )


def workshop_add(
    *,
    event: Event,
    theme: str,
    title: str = "",
    priorities_found: str = "",
    best_practice: str = "",
    gaps: str = "",
) -> Workshop:
    """Record a workshop held at an event on one theme."""
    return record_save(
        Workshop(
            event=event,
            theme=theme,
            title=title,
            priorities_found=priorities_found,
            best_practice=best_practice,
            gaps=gaps,
        )
    )


def finding_add(
    *, event: Event, text: str, detail: str = "", theme: str = "", recurring: bool = False
) -> Finding:
    """Record something an event found (a recurring theme when `recurring`)."""
    return record_save(
        Finding(
            event=event,
            text=text,
            detail=detail,
            theme=theme,
            recurring=recurring,
            order=event.findings.count() + 1,
        )
    )


def follow_up_record(
    *,
    finding: Finding,
    kind: str,
    description: str,
    recorded_on: dt.date,
    objective: Objective | None = None,
    done: bool = False,
    action: Action | None = None,
) -> FollowUp:
    """Record how a finding is being taken forward (an action already raised may be named)."""
    if objective is not None and objective.plan.partnership_id != finding.event.partnership_id:
        raise ValidationError({"objective": "Choose an objective of this partnership's plan"})
    if kind == FollowUpKind.PLAN_CHANGE and objective is None:
        raise ValidationError({"objective": "Choose the objective the plan change touches"})
    if action is not None and action.meeting.partnership_id != finding.event.partnership_id:
        raise ValidationError({"action": "Choose an action of this partnership"})
    return record_save(
        FollowUp(
            finding=finding,
            kind=kind,
            description=description,
            recorded_on=recorded_on,
            objective=objective,
            done=done,
            action=action,
        )
    )


@transaction.atomic
def follow_up_as_action(
    *,
    finding: Finding,
    meeting: Meeting,
    text: str,
    owners: str,
    deadline: str = "",
    item: Item | None = None,
    recorded_on: dt.date,
) -> FollowUp:
    """Take a finding forward as an action raised at a meeting, tagged with the event's
    priority and the finding's theme so the priority's page shows it."""
    event = finding.event
    if meeting.partnership_id != event.partnership_id:
        raise ValidationError({"meeting": "Choose a meeting of this partnership"})
    action = action_create(
        meeting=meeting,
        item=item,
        text=text,
        owners=owners,
        deadline=deadline,
        visibility=event.visibility,
        restricted_to=list(event.restricted_to.all()),
    )
    action_link_set(action=action, priority=event.priority, theme=finding.theme)
    return record_save(
        FollowUp(
            finding=finding,
            kind=FollowUpKind.ACTION,
            description=text,
            recorded_on=recorded_on,
            action=action,
        )
    )


def public_meeting_record(
    *,
    partnership: Partnership,
    held_on: dt.date,
    venue: str,
    attendees: Sequence[Person] = (),
    notice_published_on: dt.date | None = None,
    notice_url: str = "",
    summary: str = "",
    summary_published_on: dt.date | None = None,
    visibility: str = Visibility.PUBLIC,
) -> PublicMeeting:
    """Record a statutory public meeting and who attended for the responsible authorities."""
    if any(p.partnership_id != partnership.pk for p in attendees):
        raise ValidationError({"attendees": "Choose people of this partnership"})
    meeting = record_save(
        PublicMeeting(
            partnership=partnership,
            held_on=held_on,
            venue=venue,
            notice_published_on=notice_published_on,
            notice_url=notice_url,
            summary=summary,
            summary_published_on=summary_published_on,
            visibility=visibility,
        )
    )
    meeting.attendees.set(attendees)
    announcements.public_meeting_notice(meeting=meeting)
    return meeting


def public_meeting_notice_publish(
    *, meeting: PublicMeeting, on: dt.date, notice_url: str = ""
) -> PublicMeeting:
    """Publish a public meeting's notice on a day, which must come before the meeting (reg 12).

    From that day the public site shows the notice and the compliance calendar counts it.
    """
    meeting.notice_published_on = on
    if notice_url:
        meeting.notice_url = notice_url
    return record_save(meeting, update_fields=["notice_published_on", "notice_url"])


def public_meeting_summary_publish(
    *, meeting: PublicMeeting, summary: str, on: dt.date
) -> PublicMeeting:
    """Publish what was discussed at a public meeting on a day on or after it (reg 12).

    From that day the public site shows the summary and the compliance calendar counts it.
    """
    meeting.summary = summary.strip()
    meeting.summary_published_on = on
    return record_save(meeting, update_fields=["summary", "summary_published_on"])


def consultation_create(
    *,
    partnership: Partnership,
    title: str,
    method: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    respondents: int | None = None,
    summary: str = "",
    visibility: str = Visibility.PUBLIC,
) -> Consultation:
    """Record a community consultation."""
    return record_save(
        Consultation(
            partnership=partnership,
            title=title,
            method=method,
            started_on=started_on,
            ended_on=ended_on,
            respondents=respondents,
            summary=summary,
            visibility=visibility,
        )
    )


def concern_add(
    *,
    consultation: Consultation,
    topic: str,
    said: str,
    mentions: int | None = None,
    priority: Priority | None = None,
) -> Concern:
    """Record what residents said about one topic in a consultation."""
    _check_priority(consultation.partnership, priority)
    respondents = consultation.respondents
    if mentions is not None and respondents is not None and mentions > respondents:
        raise ValidationError(
            {"mentions": "More people cannot raise it than answered the consultation"}
        )
    return record_save(
        Concern(
            consultation=consultation,
            topic=topic,
            said=said,
            mentions=mentions,
            priority=priority,
        )
    )
