"""Writes to the meeting record. Every change goes through one of these functions."""

import datetime as dt
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core import search, stamps
from core.formatting import date_gb
from core.models import Visibility
from core.services import readers_set, record_save
from meetings import announcements
from meetings.models import (
    PAPER_MAX_BYTES,
    PAPER_TYPES,
    Amendment,
    Attendance,
    AttendanceStatus,
    Circulation,
    CirculationRecipient,
    Decision,
    FollowUp,
    Item,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    MinutesVersion,
    Paper,
    QuorumRule,
    RecipientStatus,
)
from partnership.models import Group, MembershipStatus, Partnership, Person


def _name_readers(instance, restricted_to, partnership_id: int) -> None:
    """Name who may read a restricted record (people of the same partnership only)."""
    if restricted_to is not None:
        readers_set(instance, restricted_to, partnership_id=partnership_id)


# Meetings ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    partnership: Partnership,
    group: Group,
    date: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
    online_link: str = "",
    status: str = MeetingStatus.SCHEDULED,
    visibility: str = Visibility.PUBLIC,
    restricted_to=None,
    minutes_heading: str = "",
) -> Meeting:
    """Schedule a meeting of a group."""
    meeting = record_save(
        Meeting(
            partnership=partnership,
            group=group,
            date=date,
            start_time=start_time,
            end_time=end_time,
            location=location,
            online_link=online_link,
            status=status,
            visibility=visibility,
            minutes_heading=minutes_heading.strip(),
        )
    )
    _name_readers(meeting, restricted_to, partnership.pk)
    meeting_next_dates_refresh(group_id=group.pk)
    return meeting


@transaction.atomic
def meeting_series_create(
    *,
    partnership: Partnership,
    group: Group,
    dates: list[dt.date],
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
    online_link: str = "",
    visibility: str = Visibility.PUBLIC,
    restricted_to=None,
) -> list[Meeting]:
    """Schedule a series of meetings of a group at once (all or none)."""
    if not dates:
        raise ValidationError({"dates": "Enter at least one date"})
    if len(set(dates)) != len(dates):
        raise ValidationError({"dates": "A date is listed twice"})
    return [
        meeting_create(
            partnership=partnership,
            group=group,
            date=date,
            start_time=start_time,
            end_time=end_time,
            location=location,
            online_link=online_link,
            visibility=visibility,
            restricted_to=restricted_to,
        )
        for date in sorted(dates)
    ]


@transaction.atomic
def meeting_update(*, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting: move it, change the room, mark it held or cancelled."""
    restricted_to = fields.pop("restricted_to", None)
    old_group_id = meeting.group_id
    for name, value in fields.items():
        setattr(meeting, name, value)
    record_save(meeting, update_fields=list(fields) or None)
    _name_readers(meeting, restricted_to, meeting.partnership_id)
    stamps.touch(meeting.partnership_id)  # its actions' visibility in the dashboard's tally
    if not fields or {"date", "status", "group", "group_id"} & set(fields):
        for group_id in {old_group_id, meeting.group_id}:
            meeting_next_dates_refresh(group_id=group_id)
        meeting.refresh_from_db(fields=["next_meeting_date"])
    return meeting


@transaction.atomic
def meeting_next_dates_refresh(*, group_id: int) -> int:
    """Store on each meeting of a group the date of the group's next meeting that is not
    cancelled, so "By next meeting" resolves by a join, not a subquery per action.

    Called by every service that schedules, moves or cancels a meeting (and by bulk loaders after
    bulk_create). It reads the group's meetings once (a group has tens to hundreds, not the
    record's thousands of actions) and writes only the meetings whose next date changed. The
    group's row is locked first, so two changes to one group's diary cannot interleave. Returns
    how many meetings changed.
    """
    partnership_id = (
        Group.objects.select_for_update()
        .filter(pk=group_id)
        .values_list("partnership_id", flat=True)
        .first()
    )
    rows = (
        Meeting.objects.filter(group_id=group_id)
        .order_by("-date")
        .values_list("pk", "date", "status", "next_meeting_date")
    )
    changed = []
    following = None  # the earliest non-cancelled date after the dates seen so far
    for date, day_rows in itertools.groupby(rows, key=lambda r: r[1]):
        same_day = list(day_rows)
        changed += [Meeting(pk=pk, next_meeting_date=following) for pk, _, _, stored in same_day
                    if stored != following]  # fmt: skip
        if any(status != MeetingStatus.CANCELLED for _, _, status, _ in same_day):
            following = date
    Meeting.objects.bulk_update(changed, ["next_meeting_date"], batch_size=500)
    if changed:  # "by next meeting" deadlines moved: the dashboard's tally is out of date
        stamps.touch(partnership_id)
    return len(changed)


def quorum_rule_set(
    *, group: Group, min_present: int, min_responsible_authorities: int
) -> QuorumRule:
    """Set how many members and responsible authorities make a group's meeting quorate."""
    rule = QuorumRule.objects.filter(group=group).first() or QuorumRule(group=group)
    rule.min_present = min_present
    rule.min_responsible_authorities = min_responsible_authorities
    return record_save(rule)


# Attendance ----------------------------------------------------------------------------------


def attendance_record(
    *,
    meeting: Meeting,
    status: str,
    person: Person | None = None,
    name: str = "",
    role: str = "",
    substitute_for: Person | None = None,
    is_member: bool = True,
    reason: str = "",
) -> Attendance:
    """Record that someone was present, sent apologies or was absent (replacing any earlier)."""
    for who in (person, substitute_for):
        if who is not None and who.partnership_id != meeting.partnership_id:
            raise ValidationError("Choose people of this partnership")
    attendance = None
    if person is not None:
        attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    attendance = attendance or Attendance(meeting=meeting, person=person)
    attendance.name = name.strip()
    attendance.status = status
    attendance.role = role.strip()
    attendance.substitute_for = substitute_for
    attendance.is_member = is_member and person is not None
    attendance.reason = "" if status == AttendanceStatus.PRESENT else reason.strip()
    return record_save(attendance)


def attendance_remove(*, attendance: Attendance) -> None:
    """Remove an attendance line recorded in error."""
    attendance.delete()


@transaction.atomic
def attendance_set(
    *, meeting: Meeting, statuses: dict[Person, str], roles: dict, reasons: dict | None = None
) -> int:
    """Record the status of many people at once; an empty status removes their line."""
    count = 0
    for person, status in statuses.items():
        if not status:
            Attendance.objects.filter(meeting=meeting, person=person).delete()
            continue
        attendance_record(
            meeting=meeting,
            person=person,
            status=status,
            role=roles.get(person, ""),
            reason=(reasons or {}).get(person, ""),
        )
        count += 1
    return count


# Items, papers and versions ------------------------------------------------------------------


def _snapshot(meeting: Meeting, *, reason: str, user=None) -> MinutesVersion:
    items = list(meeting.items.order_by("position"))
    number = (meeting.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return MinutesVersion.objects.create(
        meeting=meeting,
        number=number,
        minutes_status=meeting.minutes_status,
        reason=reason,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        content=[
            {
                "number": i.number,
                "title": i.title,
                "minutes": i.minutes,
                "visibility": i.visibility,
            }
            for i in items
        ],
    )


def _require_editable(meeting: Meeting) -> None:
    if not meeting.minutes_editable:
        raise ValidationError(
            f"The minutes are {meeting.get_minutes_status_display().lower()}: they can only be "
            "changed by an amendment agreed at a later meeting"
        )


@transaction.atomic
def item_create(
    *,
    meeting: Meeting,
    number: str,
    title: str,
    minutes: str = "",
    visibility: str = Visibility.PUBLIC,
    restricted_to=None,
    user=None,
) -> Item:
    """Add an agenda and minute item (or sub-item such as 7.1) to a meeting."""
    _require_editable(meeting)
    number = number.strip()
    if meeting.items.filter(number=number).exists():
        raise ValidationError({"number": f"Item {number} already exists at this meeting"})
    item = Item(meeting=meeting, number=number, title=title, minutes=minutes, visibility=visibility)
    item.full_clean(validate_constraints=False)
    item.position = Item.position_of(number)
    item.save()
    _name_readers(item, restricted_to, meeting.partnership_id)
    search.index(item)
    _snapshot(meeting, reason=f"Item {number} added", user=user)
    return item


@transaction.atomic
def item_update(*, item: Item, user=None, **fields) -> Item:
    """Change an item's number, title, minute text or visibility while the minutes are open."""
    _require_editable(item.meeting)
    restricted_to = fields.pop("restricted_to", None)
    for name, value in fields.items():
        setattr(item, name, value)
    if "number" in fields:
        clash = item.meeting.items.filter(number=item.number).exclude(pk=item.pk)
        if clash.exists():
            raise ValidationError({"number": f"Item {item.number} already exists"})
    item.full_clean(validate_constraints=False)
    item.position = Item.position_of(item.number)
    item.save()
    _name_readers(item, restricted_to, item.meeting.partnership_id)
    search.index(item)
    stamps.touch(item.meeting.partnership_id)  # its actions' visibility in the tally
    _snapshot(item.meeting, reason=f"Item {item.number} changed", user=user)
    return item


def paper_add(*, item: Item, title: str, upload: UploadedFile) -> Paper:
    """Attach a paper to an item, after checking its type and size."""
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in PAPER_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in PAPER_TYPES))
        raise ValidationError({"file": f"{name} is not a paper type we accept ({allowed})"})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": f"{name} is empty"})
    if size > PAPER_MAX_BYTES:
        raise ValidationError(
            {"file": f"{name} is larger than {PAPER_MAX_BYTES // (1024 * 1024)} MB"}
        )
    head = upload.read(8)
    upload.seek(0)
    if ext == ".pdf" and not head.startswith(b"%PDF"):
        raise ValidationError({"file": f"{name} is not really a PDF"})
    if ext in {".docx", ".xlsx", ".odt"} and not head.startswith(b"PK"):
        raise ValidationError({"file": f"{name} is not really a {ext[1:].upper()} file"})
    if len(name) > (Paper._meta.get_field("filename").max_length or 0):
        raise ValidationError(
            {"file": f"The file name is too long: shorten {name[:40]}… and try again"}
        )
    paper = Paper(
        item=item,
        title=title or name,
        filename=name,
        content_type=PAPER_TYPES[ext],
        size=size,
    )
    # Check everything but the file first, so a refused paper never reaches the disk; if the
    # save still fails, remove the file it wrote.
    paper.full_clean(exclude=["file"])
    paper.file.save(name, upload, save=False)
    try:
        return record_save(paper)
    except BaseException:
        paper.file.delete(save=False)
        raise


# Minutes lifecycle ---------------------------------------------------------------------------


@transaction.atomic
def agenda_publish(*, meeting: Meeting, user=None) -> Meeting:
    """Publish a meeting's agenda: members and the public see its items' titles and papers at
    each item's own visibility (the meeting's too); the minute text waits for the minutes."""
    if meeting.agenda_published_at is not None:
        raise ValidationError("The agenda is already published")
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError("The minutes are already circulated: the agenda is shown with them")
    if not meeting.items.exists():
        raise ValidationError("Add the agenda items before publishing the agenda")
    meeting.agenda_published_at = timezone.now()
    record_save(meeting, update_fields=["agenda_published_at"])
    announcements.agenda_published(meeting=meeting)  # e-mail alerts: once per meeting
    return meeting


def _current_members(meeting: Meeting) -> list[Person]:
    """The group's current members (every membership not ended), by name, each person once."""
    people: dict[int, Person] = {}
    for m in (
        meeting.group.memberships.exclude(status=MembershipStatus.ENDED)
        .select_related("person")
        .order_by("person__name", "pk")
    ):
        people.setdefault(m.person_id, m.person)
    return list(people.values())


@transaction.atomic
def minutes_circulate(*, meeting: Meeting, user=None) -> Meeting:
    """Circulate draft minutes for approval at the next meeting: e-mail the group's current
    members through the task queue, recording who was sent which version, and when."""
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError("Only draft minutes can be circulated")
    if not meeting.items.exists():
        raise ValidationError("Add the minute items before circulating the minutes")
    meeting.minutes_status = MinutesStatus.CIRCULATED
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
    record_save(meeting, update_fields=["minutes_status", "status"])
    version = _snapshot(meeting, reason="Circulated", user=user)
    circulation = Circulation.objects.create(
        meeting=meeting,
        version=version,
        subject=f"Draft minutes for approval: {meeting.group.name}, {date_gb(meeting.date)}",
        sent_by=user if getattr(user, "is_authenticated", False) else None,
    )
    seen: set[str] = set()
    recipients = []
    for person in _current_members(meeting):
        email = person.email.strip()
        duplicate = email.lower() in seen
        seen.add(email.lower())
        recipients.append(
            CirculationRecipient(
                circulation=circulation,
                person=person,
                name=person.name,
                email=email,
                status=RecipientStatus.QUEUED
                if email and not duplicate
                else RecipientStatus.NO_ADDRESS,
                error=""
                if email and not duplicate
                else ("Same address as another member" if email else "No e-mail address recorded"),
            )
        )
    CirculationRecipient.objects.bulk_create(recipients)
    transaction.on_commit(lambda: circulation_task.enqueue(circulation.pk))
    return meeting


def _circulation_message(circulation: Circulation, recipient: CirculationRecipient) -> EmailMessage:
    meeting = circulation.meeting
    path = reverse(
        "meetings:meeting_detail", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk}
    )
    body = (
        f"Dear {recipient.name},\n\n"
        f"The draft minutes of the meeting of {meeting.group.name} on {date_gb(meeting.date)} "
        f"(version {circulation.version.number}) have been circulated for approval at the "
        "group's next meeting.\n\n"
        f"Read them, after signing in: {settings.SITE_URL}{path}\n\n"
        f"{meeting.partnership.name}\n"
    )
    return EmailMessage(subject=circulation.subject, body=body, to=[recipient.email])


def circulation_send(*, circulation: Circulation) -> dict[str, int]:
    """E-mail each waiting recipient of a circulation, recording when each was sent or why it
    failed (one failure does not stop the rest). Safe to run twice: only waiting ones are sent."""
    counts = {"sent": 0, "failed": 0}
    waiting = circulation.recipients.filter(status=RecipientStatus.QUEUED).order_by("pk")
    for recipient in waiting:
        try:
            _circulation_message(circulation, recipient).send()
        except Exception as exc:  # noqa: BLE001 - any mail failure is recorded for this recipient
            recipient.status = RecipientStatus.FAILED
            recipient.error = f"{type(exc).__name__}: {exc}"[:500]
            counts["failed"] += 1
        else:
            recipient.status = RecipientStatus.SENT
            recipient.sent_at = timezone.now()
            recipient.error = ""
            counts["sent"] += 1
        recipient.save(update_fields=["status", "sent_at", "error"])
    return counts


def circulation_fail(*, circulation: Circulation, error: BaseException) -> int:
    """Mark every recipient still waiting as failed (the task stopped); returns how many."""
    return circulation.recipients.filter(status=RecipientStatus.QUEUED).update(
        status=RecipientStatus.FAILED, error=f"Not sent: {type(error).__name__}: {error}"[:500]
    )


@dataclass(frozen=True)
class AmendmentInput:
    """A correction agreed when approving or amending minutes."""

    note: str
    item: Item | None = None
    new_text: str | None = None


def _apply_amendment(meeting: Meeting, agreed_at: Meeting, amendment: AmendmentInput) -> Amendment:
    if not amendment.note.strip():
        raise ValidationError({"note": "Say what was corrected and who proposed it"})
    previous = ""
    if amendment.item is not None:
        if amendment.item.meeting_id != meeting.pk:
            raise ValidationError({"item": "Choose an item of these minutes"})
        previous = amendment.item.minutes
        if amendment.new_text is not None:
            amendment.item.minutes = amendment.new_text
            amendment.item.save(update_fields=["minutes"])
            search.index(amendment.item)
    return Amendment.objects.create(
        meeting=meeting,
        agreed_at=agreed_at,
        item=amendment.item,
        previous_text=previous,
        new_text=amendment.new_text or "",
        note=amendment.note.strip(),
    )


def _check_later_meeting(meeting: Meeting, later: Meeting) -> None:
    if later.group_id != meeting.group_id or later.date <= meeting.date:
        raise ValidationError(
            {"approved_at": "Minutes are approved at a later meeting of the same group"}
        )
    if later.status == MeetingStatus.CANCELLED:
        raise ValidationError({"approved_at": "That meeting was cancelled"})


@transaction.atomic
def minutes_approve(
    *,
    meeting: Meeting,
    approved_at: Meeting,
    amendments: Sequence[AmendmentInput] = (),
    user=None,
) -> Meeting:
    """Record that a later meeting approved the minutes, with any amendments it agreed."""
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise ValidationError("Only circulated minutes can be approved")
    _check_later_meeting(meeting, approved_at)
    for amendment in amendments:
        _apply_amendment(meeting, approved_at, amendment)
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_at = approved_at
    meeting.approved_on = approved_at.date
    record_save(meeting, update_fields=["minutes_status", "approved_at", "approved_on"])
    reason = f"Approved at the meeting of {approved_at.date:%d %B %Y}"
    if amendments:
        reason += f" with {len(amendments)} amendment{'s' if len(amendments) > 1 else ''}"
    _snapshot(meeting, reason=reason, user=user)
    announcements.minutes_published(meeting=meeting)
    return meeting


@transaction.atomic
def minutes_lock(*, meeting: Meeting, user=None) -> Meeting:
    """Lock approved minutes: from now on only a later meeting's amendment changes them."""
    if meeting.minutes_status != MinutesStatus.APPROVED:
        raise ValidationError("Only approved minutes can be locked")
    meeting.minutes_status = MinutesStatus.LOCKED
    record_save(meeting, update_fields=["minutes_status"])
    _snapshot(meeting, reason="Locked", user=user)
    return meeting


@transaction.atomic
def minutes_amend(
    *, meeting: Meeting, agreed_at: Meeting, amendment: AmendmentInput, user=None
) -> Amendment:
    """Amend approved or locked minutes by a recorded decision of a later meeting."""
    if meeting.minutes_status not in (MinutesStatus.APPROVED, MinutesStatus.LOCKED):
        raise ValidationError("Draft and circulated minutes are edited directly")
    _check_later_meeting(meeting, agreed_at)
    result = _apply_amendment(meeting, agreed_at, amendment)
    _snapshot(meeting, reason=f"Amended at the meeting of {agreed_at.date:%d %B %Y}", user=user)
    return result


# Decisions -----------------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    partnership: Partnership,
    title: str,
    made_on: dt.date,
    text: str = "",
    made_by_group: Group | None = None,
    made_by_role: str = "",
    item: Item | None = None,
    visibility: str = Visibility.PUBLIC,
    restricted_to=None,
    follow_ups: Sequence[tuple[dt.date, str]] = (),
) -> Decision:
    """Record a decision in the register, with its follow-up dates."""
    if made_by_group is not None and made_by_group.partnership_id != partnership.pk:
        raise ValidationError({"made_by_group": "Choose a group of this partnership"})
    if item is not None and item.meeting.partnership_id != partnership.pk:
        raise ValidationError({"item": "Choose an item of this partnership's minutes"})
    decision = record_save(
        Decision(
            partnership=partnership,
            title=title,
            text=text,
            made_by_group=made_by_group,
            made_by_role=made_by_role.strip(),
            made_on=made_on,
            item=item,
            visibility=visibility,
        )
    )
    _name_readers(decision, restricted_to, partnership.pk)
    for date, description in follow_ups:
        follow_up_add(decision=decision, date=date, description=description)
    announcements.decision_recorded(decision=decision)
    return decision


def follow_up_add(*, decision: Decision, date: dt.date, description: str) -> FollowUp:
    """Add a follow-up date to a decision."""
    return record_save(FollowUp(decision=decision, date=date, description=description))


@task
def circulation_task(circulation_id: int) -> dict[str, int]:
    """E-mail a circulation's recipients (queued by minutes_circulate); if the task itself
    fails, those still waiting are marked failed and the error is re-raised."""
    circulation = Circulation.objects.select_related(
        "meeting", "meeting__group", "meeting__partnership", "version"
    ).get(pk=circulation_id)
    try:
        return circulation_send(circulation=circulation)
    except Exception as exc:
        circulation_fail(circulation=circulation, error=exc)
        raise
