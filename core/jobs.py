"""Background work whose worker died: found by its heartbeat, marked failed, cleaned up.

A record of long-running work (a crime import, an assessment) carries ``status`` and
``heartbeat_at``. The code doing the work calls ``heartbeat`` as it goes (at least once per
file or step). ``stale_work_fail`` marks every record still "running" whose heartbeat is older
than ``STALE_AFTER`` as failed with a clear message and calls ``cleanup`` on each, so nothing
waits for ever for a worker that was killed. Records only "queued" are left alone: their task
is still in the queue and runs when a worker is back.

Sweeps run when a task starts (a worker that was restarted sweeps its predecessor's records
first), when the pages that show the records are viewed, and from ``manage.py
sweep_stale_work`` (for cron).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

STALE_AFTER = timedelta(minutes=getattr(settings, "CSPHUB_STALE_WORK_MINUTES", 30))
"""No heartbeat for this long means the worker died; each step heartbeats far more often."""

RUNNING = "running"
FAILED = "failed"

STALE_MESSAGE = (
    "The background worker stopped while this was running (no sign of progress since {when}); "
    "nothing was changed. Try again."
)


def heartbeat(record: Any) -> None:
    """Record that the work on ``record`` is still alive."""
    now = timezone.now()
    type(record)._default_manager.filter(pk=record.pk).update(heartbeat_at=now)
    record.heartbeat_at = now


def stale_work_fail(
    *,
    queryset: models.QuerySet,
    cleanup: Callable[[Any], None] | None = None,
    now=None,
    extra_fields: dict | None = None,
) -> int:
    """Mark running records with no heartbeat for ``STALE_AFTER`` as failed; return how many."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    stale = queryset.filter(status=RUNNING).filter(
        models.Q(heartbeat_at__lt=cutoff) | models.Q(heartbeat_at__isnull=True, created__lt=cutoff)
    )
    count = 0
    for record in stale:
        when = timezone.localtime(record.heartbeat_at or record.created).strftime("%-d %B %Y %H:%M")
        # Only this update wins if two sweeps race: it is conditional on still running.
        updated = (
            type(record)
            .objects.filter(pk=record.pk, status=RUNNING)
            .update(
                status=FAILED,
                error=STALE_MESSAGE.format(when=when),
                **(extra_fields or {}),
            )
        )
        if updated:
            count += 1
            if cleanup is not None:
                cleanup(record)
    return count


def fail_on_any_exception(
    record: models.Model, error: BaseException, *, extra_fields: dict | None = None
) -> None:
    """Mark a record failed after an unexpected exception (the caller then re-raises)."""
    message = f"An unexpected error stopped this ({type(error).__name__}); nothing was changed."
    type(record)._default_manager.filter(pk=record.pk).update(
        status=FAILED, error=message, **(extra_fields or {})
    )
