"""Writes to the action register. Every change goes through one of these functions."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse

from accounts.models import RoleName, User
from actions.deadlines import Deadline, parse_deadline
from actions.models import (
    Action,
    ActionOwner,
    ActionStatus,
    DeadlineRule,
    MatterArising,
    MatterOutcome,
    ProgressNote,
    ReminderSent,
)
from actions.selectors import due_expression
from core import search, stamps
from meetings.models import AttendanceStatus, Item, Meeting
from meetings.selectors import next_meeting
from partnership.models import Person


def owners_resolve(*, meeting: Meeting, written: str) -> list[Person]:
    """Resolve initials typed as "JL/SR" or "ZC/ALL" to people of the partnership.

    ALL is every member recorded as present at the meeting. Unknown initials raise a
    ValidationError naming every one of them.
    """
    parts = [p.strip() for p in re.split(r"[/,&+]|\s+and\s+|\s+", written or "") if p.strip()]
    if not parts:
        raise ValidationError({"owners": "Enter the owners' initials, for example JL/SR"})
    people = {
        p.initials.upper(): p for p in Person.objects.filter(partnership=meeting.partnership_id)
    }
    owners: dict[int, Person] = {}
    unknown = []
    for part in parts:
        key = part.upper()
        if key == "ALL":
            present = Person.objects.filter(
                attendance__meeting=meeting,
                attendance__status=AttendanceStatus.PRESENT,
                attendance__is_member=True,
            )
            if not present.exists():
                raise ValidationError(
                    {"owners": "ALL means every member present, but no attendance is recorded"}
                )
            for p in present:
                owners.setdefault(p.pk, p)
        elif key in people:
            owners.setdefault(people[key].pk, people[key])
        else:
            unknown.append(part)
    if unknown:
        listed = ", ".join(unknown)
        raise ValidationError(
            {
                "owners": f"No one in the partnership has the initials {listed}. Add them under "
                "People first, or correct the initials."
            }
        )
    return list(owners.values())


def deadline_warnings(*, meeting: Meeting, deadline: Deadline) -> list[str]:
    """Warnings about a deadline: before the meeting, unresolvable, or no next meeting yet."""
    if deadline.rule == DeadlineRule.DATE and deadline.date and deadline.date < meeting.date:
        return [
            f'The deadline "{deadline.text}" is before the meeting ({meeting.date:%d %B %Y}). '
            "Check it was typed correctly."
        ]
    if deadline.rule == DeadlineRule.NONE and deadline.text:
        return [f'"{deadline.text}" is kept as written: it has no date, so it is never overdue.']
    if deadline.rule == DeadlineRule.NEXT_MEETING and not next_meeting(
        group=meeting.group, after=meeting.date
    ):
        return [
            f"No later meeting of {meeting.group.name} is scheduled yet: the deadline gets its "
            "date when one is."
        ]
    return []


@transaction.atomic
def action_create(
    *,
    meeting: Meeting,
    text: str,
    owners: str,
    deadline: str = "",
    item: Item | None = None,
    visibility: str | None = None,
    restricted_to=(),
) -> Action:
    """Record an action raised at a meeting item; owners by initials, deadline as written."""
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose an item of this meeting"})
    people = owners_resolve(meeting=meeting, written=owners)
    parsed = parse_deadline(deadline)
    position = (meeting.actions.aggregate(n=Max("position"))["n"] or 0) + 1
    written = "/".join(p.strip().upper() for p in re.split(r"[/,&+]", owners) if p.strip())
    action = Action(
        partnership=meeting.partnership,
        meeting=meeting,
        item=item,
        text=text.strip(),
        owners_written=written,
        visibility=visibility or (item.visibility if item else meeting.visibility),
        position=position,
        **parsed.as_fields(),
    )
    action.full_clean()
    action.save()
    ActionOwner.objects.bulk_create([ActionOwner(action=action, person=p) for p in people])
    if restricted_to:
        action.restricted_to.set(restricted_to)
    search.index(action)
    stamps.touch(action.partnership_id)  # the dashboard's tally (actions.tally)
    return action


@transaction.atomic
def action_update(*, action: Action, text: str, owners: str, deadline: str) -> Action:
    """Change an action's text, owners or deadline."""
    people = owners_resolve(meeting=action.meeting, written=owners)
    parsed = parse_deadline(deadline)
    action.text = text.strip()
    action.owners_written = "/".join(
        p.strip().upper() for p in re.split(r"[/,&+]", owners) if p.strip()
    )
    for name, value in parsed.as_fields().items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    ActionOwner.objects.filter(action=action).delete()
    ActionOwner.objects.bulk_create([ActionOwner(action=action, person=p) for p in people])
    search.index(action)
    stamps.touch(action.partnership_id)
    return action


@transaction.atomic
def action_progress(
    *, action: Action, text: str, status: str = "", on: dt.date | None = None, user=None
) -> ProgressNote:
    """Add a dated progress note, optionally marking the action done, dropped or open again."""
    on = on or dt.date.today()
    if status and status not in ActionStatus.values:
        raise ValidationError({"status": "Choose open, done or dropped"})
    if not text.strip() and not status:
        raise ValidationError({"text": "Write a note or change the status"})
    if status and status != action.status:
        action.status = status
        action.closed_on = on if status != ActionStatus.OPEN else None
        action.save(update_fields=["status", "closed_on"])
        stamps.touch(action.partnership_id)
    note = ProgressNote(
        action=action,
        date=on,
        text=text.strip() or f"Marked {ActionStatus(status).label.lower()}",
        status=status,
        author=user if getattr(user, "is_authenticated", False) else None,
    )
    note.full_clean()
    note.save()
    search.index(note)
    return note


_OUTCOME_STATUS = {
    MatterOutcome.DONE: ActionStatus.DONE,
    MatterOutcome.DROPPED: ActionStatus.DROPPED,
    MatterOutcome.CARRIED_FORWARD: ActionStatus.OPEN,
}


@transaction.atomic
def matter_arising_record(
    *, meeting: Meeting, action: Action, outcome: str, note: str = "", user=None
) -> MatterArising:
    """Mark an earlier meeting's action at this meeting: done, carried forward or dropped."""
    if action.meeting.group_id != meeting.group_id or action.meeting.date >= meeting.date:
        raise ValidationError("Only actions of the group's earlier meetings arise here")
    if outcome not in MatterOutcome.values:
        raise ValidationError({"outcome": "Choose done, carried forward or dropped"})
    matter, _ = MatterArising.objects.update_or_create(
        meeting=meeting, action=action, defaults={"outcome": outcome, "note": note.strip()}
    )
    label = MatterOutcome(outcome).label.lower()
    action_progress(
        action=action,
        text=f"Matters arising, {meeting.date.day} {meeting.date:%B %Y}: {label}"
        + (f". {note.strip()}" if note.strip() else ""),
        status=_OUTCOME_STATUS[MatterOutcome(outcome)],
        on=meeting.date,
        user=user,
    )
    return matter


# Reminders -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderResult:
    owners_sent: int
    coordinators_sent: int
    skipped: int


def _claim(partnership, email: str, on: dt.date, kind: str, count: int) -> ReminderSent | None:
    """Record today's reminder before sending it; None if one was already sent today."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                partnership=partnership, email=email, sent_on=on, kind=kind, action_count=count
            )
    except IntegrityError:
        return None


def _line(a: Any, on: dt.date) -> str:  # an Action annotated with `due`
    state = "OVERDUE" if a.due < on else "due"
    return (
        f"- [{state} {a.due:%d %b %Y}] {a.text} ({a.owners_written}; {a.meeting.group.name}, "
        f"{a.meeting.date:%d %B %Y}; minuted deadline: {a.deadline_text})\n"
        f"  {settings.SITE_URL}"
        + reverse("actions:action_detail", kwargs={"slug": a.partnership.slug, "pk": a.pk})
    )


def reminders_send(*, partnership, on: dt.date, days: int = 7) -> ReminderResult:
    """E-mail each owner their actions due within `days` and overdue, and each coordinator a
    summary; at most one e-mail of each kind per person a day, however often this runs."""
    actions: list[Any] = list(  # Actions annotated with `due`
        Action.objects.filter(partnership=partnership, status=ActionStatus.OPEN)
        .annotate(due=due_expression())
        .filter(due__isnull=False, due__lte=on + dt.timedelta(days=days))
        .select_related("meeting", "meeting__group", "partnership")
        .prefetch_related("owners", "owners__user")
        .order_by("due", "pk")
    )
    by_owner: dict[str, tuple[Person, list[Any]]] = {}
    for a in actions:
        for person in a.owners.all():
            email = person.email or (person.user.email if person.user is not None else "")
            if email:
                by_owner.setdefault(email.lower(), (person, []))[1].append(a)
    owners_sent = coordinators_sent = skipped = 0
    for email, (person, mine) in sorted(by_owner.items()):
        if _claim(partnership, email, on, "owner", len(mine)) is None:
            skipped += 1
            continue
        late_count = sum(1 for a in mine if a.due < on)
        send_mail(
            subject=f"{partnership.short_name or partnership.name}: {len(mine)} action"
            f"{'s' if len(mine) != 1 else ''} due ({late_count} overdue)",
            message=f"Dear {person.name},\n\nThese actions of yours are overdue or due within "
            f"{days} days:\n\n" + "\n".join(_line(a, on) for a in mine) + "\n\nCSP Hub\n",
            from_email=None,
            recipient_list=[email],
        )
        owners_sent += 1
    if actions:
        late = [a for a in actions if a.due < on]
        coordinators = User.objects.filter(
            roles__partnership=partnership, roles__role=RoleName.COORDINATOR, is_active=True
        )
        for user in coordinators:
            if _claim(partnership, user.email.lower(), on, "coordinator", len(actions)) is None:
                skipped += 1
                continue
            send_mail(
                subject=f"{partnership.short_name or partnership.name}: actions summary, "
                f"{len(late)} overdue, {len(actions) - len(late)} due within {days} days",
                message=f"Summary for {on:%d %B %Y}.\n\nOverdue:\n"
                + ("\n".join(_line(a, on) for a in late) or "- none")
                + f"\n\nDue within {days} days:\n"
                + ("\n".join(_line(a, on) for a in actions if a.due >= on) or "- none")
                + "\n\nCSP Hub\n",
                from_email=None,
                recipient_list=[user.email],
            )
            coordinators_sent += 1
    return ReminderResult(
        owners_sent=owners_sent, coordinators_sent=coordinators_sent, skipped=skipped
    )
