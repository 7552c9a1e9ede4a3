"""The one way a record is written: validated, saved, its readers named, its search entry kept.

Every app's services call `record_save` rather than `instance.save()`, so no write skips
`full_clean` and no record drops out of the search index.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from core import search


def readers_set(instance: Any, people: Iterable[Any], *, partnership_id: int) -> None:
    """Name the people who may read a restricted record (people of its partnership only)."""
    people = list(people)
    if any(p.partnership_id != partnership_id for p in people):
        raise ValidationError({"restricted_to": "Name people of this partnership"})
    instance.restricted_to.set(people)
    search.index(instance)


def record_save[M: models.Model](
    instance: M,
    *,
    update_fields: Iterable[str] | None = None,
    restricted_to: Iterable[Any] | None = None,
) -> M:
    """Validate and save a record (only `update_fields` when given, so a concurrent edit of the
    other fields is not lost), name its readers when `restricted_to` is given, and refresh its
    search entry."""
    instance.full_clean()
    instance.save(update_fields=list(update_fields) if update_fields is not None else None)
    if restricted_to is not None:
        readers_set(instance, restricted_to, partnership_id=instance.partnership.pk)  # type: ignore[attr-defined]
    else:
        search.index(instance)
    return instance
