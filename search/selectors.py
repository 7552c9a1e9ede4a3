"""Search as a reader: core.search filtered by what accounts.permissions lets this user see."""

import datetime as dt

from accounts.permissions import access_level, person_of, visible_q
from core import search
from partnership.models import Group


def reader_for(user, partnership) -> search.Reader:
    """The reader's access and Person record, as core.search needs them."""
    person = person_of(user, partnership)
    return search.Reader(
        access=int(access_level(user, partnership)), person_id=person.pk if person else None
    )


def search_groups(*, user, partnership) -> list[Group]:
    """The groups the user may see, for the filter (a hidden group is never offered)."""
    return list(
        Group.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .order_by("name")
    )


def search_kinds(*, user, partnership) -> list[tuple[str, str]]:
    """The kinds of record the user could find."""
    return search.kinds_for(partnership_id=partnership.pk, reader=reader_for(user, partnership))


def search_records(
    *,
    user,
    partnership,
    text: str,
    kind: str = "",
    group: Group | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
) -> search.Results:
    """The page of records the user may read that match the words, best first."""
    return search.search(
        partnership_id=partnership.pk,
        reader=reader_for(user, partnership),
        text=text,
        kind=kind,
        group_id=group.pk if group is not None else None,
        date_from=date_from,
        date_to=date_to,
        page=page,
    )
