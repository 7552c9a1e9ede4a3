"""Writes to the partnership register. Every change goes through one of these functions."""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from core import stamps
from core.exports import cell_problem
from core.models import Visibility
from core.services import record_save
from partnership.models import (
    RESERVED_INITIALS,
    Body,
    Group,
    Membership,
    MembershipStatus,
    Partnership,
    Person,
    initials_validator,
)


def _update(instance, fields: dict):
    restricted_to = fields.pop("restricted_to", None)
    for name, value in fields.items():
        setattr(instance, name, value)
    return record_save(instance, update_fields=list(fields) or None, restricted_to=restricted_to)


def partnership_create(
    *, name: str, short_name: str = "", area_codes: list[str], slug: str = ""
) -> Partnership:
    """Create a partnership for one or more local authority areas."""
    partnership = Partnership(
        name=name,
        short_name=short_name,
        slug=slug or slugify(short_name or name),
        area_codes=[code.strip().upper() for code in area_codes if code.strip()],
    )
    return record_save(partnership)


def partnership_update(*, partnership: Partnership, **fields) -> Partnership:
    """Change a partnership's name, short name or area."""
    for name, value in fields.items():
        setattr(partnership, name, value)
    return record_save(partnership, update_fields=list(fields))


def body_create(*, partnership: Partnership, restricted_to=None, **fields) -> Body:
    """Add a partner body."""
    return record_save(Body(partnership=partnership, **fields), restricted_to=restricted_to)


def body_update(*, body: Body, **fields) -> Body:
    """Change a partner body."""
    return _update(body, fields)


def person_create(*, partnership: Partnership, restricted_to=None, **fields) -> Person:
    """Add a person to the partnership."""
    return record_save(Person(partnership=partnership, **fields), restricted_to=restricted_to)


def person_update(*, person: Person, **fields) -> Person:
    """Change a person's details."""
    person = _update(person, fields)
    stamps.touch(person.partnership_id)  # the dashboard counts by owner and organisation
    return person


def group_create(*, partnership: Partnership, restricted_to=None, **fields) -> Group:
    """Add a group (delivery group, board, sub-group, task and finish group)."""
    return record_save(Group(partnership=partnership, **fields), restricted_to=restricted_to)


def group_update(*, group: Group, **fields) -> Group:
    """Change a group."""
    group = _update(group, fields)
    stamps.touch(group.partnership_id)  # its actions' visibility in the dashboard's tally
    return group


def membership_propose(
    *,
    group: Group,
    person: Person,
    role: str,
    start_date: dt.date | None = None,
    notes: str = "",
    visibility: str = Visibility.PUBLIC,
    restricted_to=None,
) -> Membership:
    """Propose a person for a group; the membership is approved later by a group."""
    membership = Membership(
        group=group,
        person=person,
        role=role,
        start_date=start_date,
        notes=notes,
        visibility=visibility,
        status=MembershipStatus.PROPOSED,
    )
    return record_save(membership, restricted_to=restricted_to)


def membership_approve(
    *, membership: Membership, approved_by: Group, approved_on: dt.date
) -> Membership:
    """Record that a group approved the membership on a date."""
    if membership.status == MembershipStatus.ENDED:
        raise ValidationError("An ended membership cannot be approved")
    if approved_by.partnership_id != membership.group.partnership_id:
        raise ValidationError("The approving group must belong to the same partnership")
    membership.status = MembershipStatus.APPROVED
    membership.approved_by = approved_by
    membership.approved_on = approved_on
    membership.start_date = membership.start_date or approved_on
    return record_save(
        membership, update_fields=["status", "approved_by", "approved_on", "start_date"]
    )


def membership_update(*, membership: Membership, **fields) -> Membership:
    """Change a membership's role, dates, notes or visibility."""
    return _update(membership, fields)


def membership_end(*, membership: Membership, end_date: dt.date) -> Membership:
    """End a membership on a date."""
    if membership.start_date and end_date < membership.start_date:
        raise ValidationError({"end_date": "The end date must be after the start date"})
    membership.status = MembershipStatus.ENDED
    membership.end_date = end_date
    return record_save(membership, update_fields=["status", "end_date"])


# People CSV import ---------------------------------------------------------------------------

PEOPLE_CSV_COLUMNS = ["name", "initials", "title", "body", "email"]


class PeopleImportError(Exception):
    """The file could not be imported; nothing was saved. `errors` says where and why."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PeopleImportResult:
    created: int
    updated: int
    bodies_created: int


def _decode(data: bytes, filename: str) -> str:
    if not data.strip():
        raise PeopleImportError([f"{filename} is empty"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PeopleImportError(
            [
                f"{filename} line {line}: the file is not UTF-8 text. Save it as "
                "'CSV UTF-8 (comma delimited)' and try again"
            ]
        ) from None


def people_import_csv(
    *, partnership: Partnership, data: bytes, filename: str, visibility: str = Visibility.PARTNERS
) -> PeopleImportResult:
    """Import people from CSV (name, initials, title, body, email): all rows or none.

    A person whose initials already exist in the partnership is updated; a body named in the
    file that the partnership does not have yet is created as type "other".
    """
    text = _decode(data, filename)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for cell in reader.fieldnames or []:
        problem = cell_problem(cell)
        if problem:
            raise PeopleImportError([f"{filename} line 1: the header {problem}"])
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in PEOPLE_CSV_COLUMNS if c not in header]
    if missing:
        raise PeopleImportError(
            [
                f"{filename} line 1: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (expected: {', '.join(PEOPLE_CSV_COLUMNS)})"
            ]
        )
    reader.fieldnames = header

    errors: list[str] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            errors.append(f"{filename} line {line}: more values than columns")
            continue
        problems = [
            f"{filename} line {line}: {k} {problem}"
            for k in PEOPLE_CSV_COLUMNS
            if (problem := cell_problem(row.get(k) or ""))
        ]
        if problems:
            errors.extend(problems)
            continue
        values = {k: (row.get(k) or "").strip() for k in PEOPLE_CSV_COLUMNS}
        if not any(values.values()):
            continue
        if not values["name"]:
            errors.append(f"{filename} line {line}: name is empty")
        initials = values["initials"]
        try:
            initials_validator(initials)
            if initials.upper() in RESERVED_INITIALS:
                raise ValidationError("ALL is reserved for 'everyone present'")
        except ValidationError as exc:
            errors.append(f"{filename} line {line}: initials {initials!r}: {exc.messages[0]}")
        else:
            key = initials.upper()
            if key in seen:
                errors.append(
                    f"{filename} line {line}: initials {initials} are already used on line "
                    f"{seen[key]}"
                )
            seen[key] = line
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                errors.append(
                    f"{filename} line {line}: {values['email']!r} is not an e-mail address"
                )
        rows.append({"line": line, **values})
    if errors:
        raise PeopleImportError(errors)
    if not rows:
        raise PeopleImportError([f"{filename} has a header but no people"])

    existing = {p.initials.upper(): p for p in partnership.people.all()}
    bodies = {b.name.lower(): b for b in partnership.bodies.all()}
    bodies |= {b.short_name.lower(): b for b in partnership.bodies.all() if b.short_name}
    created = updated = bodies_created = 0
    with transaction.atomic():
        for row in rows:
            body = None
            if row["body"]:
                body = bodies.get(row["body"].lower())
                if body is None:
                    body = body_create(
                        partnership=partnership,
                        name=row["body"],
                        body_type="other",
                        visibility=Visibility.PUBLIC,
                    )
                    bodies[row["body"].lower()] = body
                    bodies_created += 1
            fields = {
                "name": row["name"],
                "job_title": row["title"],
                "body": body,
                "email": row["email"],
            }
            person = existing.get(row["initials"].upper())
            try:
                if person is None:
                    person_create(
                        partnership=partnership,
                        initials=row["initials"],
                        visibility=visibility,
                        **fields,
                    )
                    created += 1
                else:
                    person_update(person=person, **fields)
                    updated += 1
            except ValidationError as exc:
                raise PeopleImportError(
                    [f"{filename} line {row['line']}: {m}" for m in exc.messages]
                ) from None
    return PeopleImportResult(created=created, updated=updated, bodies_created=bodies_created)
