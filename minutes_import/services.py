"""Writes of the minutes import: drafts from uploads, corrections, and confirming a draft into
the meeting record through the meetings, actions and partnership services (in one transaction).
"""

import datetime as dt
import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from actions.services import action_create
from meetings.models import AttendanceStatus, Meeting, MeetingStatus
from meetings.services import attendance_record, decision_create, item_create, meeting_create
from minutes_import.models import DraftStatus, MinutesDraft
from minutes_import.parsing import Table, read_minutes
from minutes_import.readers import check_upload, read_blocks
from partnership.models import Group, Partnership, Person
from partnership.services import person_create

# Documents up to this size are read while the coordinator waits; longer ones in the background.
READ_NOW_BYTES = 2 * 1024 * 1024
SECTIONS = ("present", "in_attendance", "apologies")


class AlreadyImported(ValidationError):
    """The same file (by SHA-256) was imported before."""

    def __init__(self, draft: MinutesDraft):
        self.draft = draft
        when = timezone.localtime(draft.confirmed or draft.created)
        meeting = f" as the meeting of {draft.meeting}" if draft.meeting_id else ""
        super().__init__(
            f"{draft.filename} was imported on {when.day} {when:%B %Y}{meeting}. Open that "
            "meeting instead of importing it again."
        )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_text_of(blocks) -> str:
    """The document's text as read, for the review page (tables as cells joined by " | ")."""
    lines = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                lines.append(" | ".join(" / ".join(p for p in c if p.strip()) for c in row.cells))
        elif block.strip():
            lines.append(block.strip())
    return "\n".join(lines)


def minutes_read(*, name: str, data: bytes, progress=None) -> tuple[dict, str]:
    """Read a document: the parse (as JSON, with warnings) and its text."""
    blocks, warnings = read_blocks(name, data, progress)
    read = read_minutes(blocks, filename=name, progress=progress)
    parsed = read.as_json()
    parsed["warnings"] = warnings + parsed["warnings"]
    return parsed, source_text_of(blocks)


# Matching people to the register -------------------------------------------------------------


def people_match(*, partnership: Partnership, parsed: dict) -> dict:
    """Suggest, for each person read, a register entry (initials, then name) or what to do."""
    register = list(Person.objects.filter(partnership=partnership))
    by_initials = {p.initials.upper(): p for p in register}
    by_name = {p.name.lower(): p for p in register}
    for section in SECTIONS:
        for person in parsed.get(section, []):
            initials = (person.get("initials") or "").upper()
            name = (person.get("name") or "").lower()
            if person.get("initials_given"):
                found = by_initials.get(initials) or by_name.get(name)
            else:
                found = by_name.get(name) or by_initials.get(initials)
            if found:
                person["match"] = f"person:{found.pk}"
                person["initials"] = found.initials
            elif section == "in_attendance" and not _owns_action(person, parsed):
                person["match"] = "attendee"
            else:
                person["match"] = "new"
    for item in parsed.get("items", []):
        item.setdefault("decisions", list(item.get("resolutions", [])))
    return parsed


def _owns_action(person: dict, parsed: dict) -> bool:
    """Whether someone read as in attendance owns an action (so must be in the register)."""
    keys = {(person.get("initials") or "").upper(), (person.get("name") or "").upper()}
    for item in parsed.get("items", []):
        for action in item.get("actions", []):
            owners = {o.strip().upper() for o in re.split(r"[/,&+]", action.get("owners", ""))}
            if keys & owners:
                return True
    return False


# Drafts -------------------------------------------------------------------------------------


def _existing(partnership: Partnership, sha: str) -> MinutesDraft | None:
    return (
        MinutesDraft.objects.filter(partnership=partnership, sha256=sha)
        .exclude(status=DraftStatus.FAILED)
        .select_related("meeting__group")
        .first()
    )


def draft_create(
    *, partnership: Partnership, name: str, data: bytes, user=None, read_now: bool = False
) -> MinutesDraft:
    """A draft from an upload: read now if short, else in the background. A bad document raises
    ValidationError and nothing is saved; the same file again raises AlreadyImported."""
    check_upload(name=name, size=len(data), head=data[:8])
    sha = sha256_of(data)
    if existing := _existing(partnership, sha):
        if existing.status == DraftStatus.CONFIRMED:
            raise AlreadyImported(existing)
        return existing
    draft = MinutesDraft(
        partnership=partnership,
        filename=name[:200],
        sha256=sha,
        size=len(data),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if read_now or len(data) <= READ_NOW_BYTES:
        parsed, text = minutes_read(name=name, data=data)
        draft.parsed = people_match(partnership=partnership, parsed=parsed)
        draft.source_text = text
        draft.status = DraftStatus.READY
        draft.progress = 100
        draft.save()
        return draft
    draft.status = DraftStatus.PARSING
    draft.source = data
    draft.save()
    transaction.on_commit(lambda: parse_draft.enqueue(draft.pk))
    return draft


def draft_parse(*, draft: MinutesDraft) -> MinutesDraft:
    """Read a draft's stored upload (the background task); the upload is emptied after."""

    def progress(fraction: float) -> None:
        percent = min(99, int(fraction * 100))
        if percent >= draft.progress + 5:
            draft.progress = percent
            MinutesDraft.objects.filter(pk=draft.pk).update(progress=percent)

    parsed, text = minutes_read(
        name=draft.filename, data=bytes(draft.source or b""), progress=progress
    )
    draft.parsed = people_match(partnership=draft.partnership, parsed=parsed)
    draft.source_text = text
    draft.source = None
    draft.status = DraftStatus.READY
    draft.progress = 100
    draft.save(update_fields=["parsed", "source_text", "source", "status", "progress"])
    return draft


def draft_fail(*, draft: MinutesDraft, error: Exception) -> MinutesDraft:
    """Mark a draft failed with the reason; its upload is removed."""
    if isinstance(error, ValidationError):
        message = " ".join(error.messages)
    else:
        message = f"{draft.filename} could not be read ({type(error).__name__})."
    draft.status = DraftStatus.FAILED
    draft.error = message
    draft.source = None
    draft.parsed = {}
    draft.save(update_fields=["status", "error", "source", "parsed"])
    return draft


def draft_update(*, draft: MinutesDraft, parsed: dict) -> MinutesDraft:
    """Save the coordinator's corrections to a draft (nothing reaches the record)."""
    if draft.status != DraftStatus.READY:
        raise ValidationError("Only a draft that has been read can be corrected")
    draft.parsed = parsed
    draft.save(update_fields=["parsed"])
    return draft


# Confirming ---------------------------------------------------------------------------------


def _time(value) -> dt.time | None:
    if not value:
        return None
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(value)


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError as exc:
        raise ValidationError({"date": "Enter the meeting's date"}) from exc


def markdown_of(text: str) -> str:
    """Item text as the record's Markdown: a paragraph a line, bullets as a list."""
    out = []
    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        bullet = re.match(r"^[•●▪◦➤\-*]\s*(.*)$", line)
        out.append(("- " + bullet[1]) if bullet else line)
    blocks, previous_bullet = [], False
    for line in out:
        is_bullet = line.startswith("- ")
        blocks.append(("\n" if is_bullet and previous_bullet else "\n\n") + line)
        previous_bullet = is_bullet
    return "".join(blocks).strip()


def _context(where: str, exc: ValidationError) -> ValidationError:
    return ValidationError([f"{where}: {m}" for m in exc.messages])


def _owners_initials(written: str, people: dict, partnership: Partnership) -> str:
    """Owners as initials: names ("Owner: Jane Smith") become the person's initials."""
    parts = [p.strip() for p in re.split(r"[/,&+]|\s+and\s+", written or "") if p.strip()]
    out = []
    for part in parts:
        if re.fullmatch(r"[A-Za-z]{2,5}", part) and (part.isupper() or part.lower() == "all"):
            out.append(part.upper())
            continue
        name = re.sub(
            r"^(?:cllr|councillor|dr|mr|mrs|ms|miss|inspector|sgt)\.?\s+", "", part, flags=re.I
        )
        person = (
            people.get(name.lower())
            or Person.objects.filter(partnership=partnership, name__iexact=name).first()
        )
        out.append(person.initials if person else part)
    return "/".join(out)


@transaction.atomic
def draft_confirm(*, draft: MinutesDraft, group: Group, user=None) -> Meeting:
    """Save a checked draft as a meeting with its attendance, items, decisions and actions.

    One transaction: a refusal anywhere (unknown initials, a clash) saves nothing.
    """
    draft = MinutesDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.status == DraftStatus.CONFIRMED:
        raise AlreadyImported(draft)
    if draft.status != DraftStatus.READY:
        raise ValidationError("This draft has not been read yet")
    if group.partnership_id != draft.partnership_id:
        raise ValidationError({"group": "Choose a group of this partnership"})
    if other := (
        MinutesDraft.objects.filter(
            partnership=draft.partnership, sha256=draft.sha256, status=DraftStatus.CONFIRMED
        )
        .exclude(pk=draft.pk)
        .first()
    ):
        raise AlreadyImported(other)
    parsed = draft.parsed
    partnership = draft.partnership
    m = parsed.get("meeting", {})
    meeting = meeting_create(
        partnership=partnership,
        group=group,
        date=_date(m.get("date")),
        start_time=_time(m.get("time")),
        end_time=_time(m.get("end_time")),
        location=(m.get("venue") or "")[:200],
        status=MeetingStatus.HELD,
    )
    people: dict[str, Person] = {}
    registered: dict[str, Person] = {
        str(p.pk): p for p in Person.objects.filter(partnership=partnership)
    }
    recorded: list[tuple[dict, Person | None, str]] = []
    for section in SECTIONS:
        status = AttendanceStatus.APOLOGIES if section == "apologies" else AttendanceStatus.PRESENT
        for p in parsed.get(section, []):
            match = p.get("match") or "new"
            if match == "skip":
                continue
            person = None
            label = f"{p.get('name')} ({section.replace('_', ' ')})"
            try:
                if match.startswith("person:"):
                    person = registered.get(match.split(":", 1)[1])
                    if person is None:
                        raise ValidationError("choose someone in the register")
                elif match == "new":
                    person = person_create(
                        partnership=partnership,
                        name=p["name"],
                        initials=p.get("initials") or "",
                        job_title=(p.get("role") or "")[:200],
                    )
                    registered[str(person.pk)] = person
                name = " ".join(x for x in (p.get("title"), p.get("name")) if x)
                attendance_record(
                    meeting=meeting,
                    status=status,
                    person=person,
                    name="" if person else name,
                    role=(p.get("role") or "")[:200],
                    is_member=section != "in_attendance",
                )
            except ValidationError as exc:
                raise _context(label, exc) from exc
            if person:
                people[p["name"].lower()] = person
                people[person.name.lower()] = person
            recorded.append((p, person, section))
    for p, person, section in recorded:  # substitutes, once everyone is recorded
        if person and section == "present" and p.get("substitute_for"):
            absent = people.get(p["substitute_for"].lower())
            if absent:
                attendance_record(
                    meeting=meeting,
                    status=AttendanceStatus.PRESENT,
                    person=person,
                    role=(p.get("role") or "")[:200],
                    substitute_for=absent,
                )
        if person and section == "apologies" and p.get("substitute"):
            came = people.get(p["substitute"].lower())
            if came and came.pk != person.pk:
                attendance_record(
                    meeting=meeting,
                    status=AttendanceStatus.PRESENT,
                    person=came,
                    role=next((q.get("role", "") for q, who, _ in recorded if who == came), ""),
                    substitute_for=person,
                )
    for data in parsed.get("items", []):
        where = f"Item {data.get('number')}"
        try:
            item = item_create(
                meeting=meeting,
                number=str(data.get("number", "")),
                title=(data.get("title") or f"Item {data.get('number')}")[:300],
                minutes=markdown_of(data.get("text", "")),
                user=user,
            )
            for text in data.get("decisions", []):
                words = text.split()
                decision_create(
                    partnership=partnership,
                    title=" ".join(words[:14])[:300] + ("…" if len(words) > 14 else ""),
                    text=text,
                    made_on=meeting.date,
                    made_by_group=group,
                    item=item,
                )
            for action in data.get("actions", []):
                action_create(
                    meeting=meeting,
                    item=item,
                    text=action.get("text") or f"Action at item {item.number}",
                    owners=_owners_initials(action.get("owners", ""), people, partnership),
                    deadline=action.get("deadline", ""),
                )
        except ValidationError as exc:
            raise _context(where, exc) from exc
    draft.status = DraftStatus.CONFIRMED
    draft.meeting = meeting
    draft.confirmed = timezone.now()
    draft.save(update_fields=["status", "meeting", "confirmed"])
    return meeting


# Background task ------------------------------------------------------------------------------


@task
def parse_draft(draft_id: int) -> None:
    """Read an uploaded document into its draft; on any failure mark the draft failed."""
    draft = MinutesDraft.objects.get(pk=draft_id)
    if draft.status != DraftStatus.PARSING:  # already read (or discarded): nothing to do
        return
    try:
        draft_parse(draft=draft)
    except Exception as exc:
        draft_fail(draft=draft, error=exc)
        raise
