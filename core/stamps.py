"""Change counters for summaries kept beside the record (the action dashboard's tally).

`touch(partnership_id)` is called by every service that changes what a summary counts, inside
its transaction, so the new version commits with the change; `version(partnership_id)` is one
indexed read. A summary computed at an older version is stale and is rebuilt on its next read.
"""

from django.db.models import F, OuterRef, Subquery

from core.models import RecordStamp


def touch(partnership_id: int | None) -> None:
    """Mark the partnership's record as changed (one UPDATE; the row is made on first use)."""
    if partnership_id is None:
        return
    if not RecordStamp.objects.filter(partnership_id=partnership_id).update(
        version=F("version") + 1
    ):
        _, made = RecordStamp.objects.get_or_create(
            partnership_id=partnership_id, defaults={"version": 1}
        )
        if not made:  # another transaction made the row first: count this change too
            RecordStamp.objects.filter(partnership_id=partnership_id).update(
                version=F("version") + 1
            )


def version(partnership_id: int) -> int:
    """The partnership's current change counter (0 before any change was stamped)."""
    return (
        RecordStamp.objects.filter(partnership_id=partnership_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def version_subquery(partnership_id: OuterRef) -> Subquery:
    """The change counter as a subquery, to read beside a summary's own row in one query."""
    return Subquery(RecordStamp.objects.filter(partnership_id=partnership_id).values("version")[:1])
