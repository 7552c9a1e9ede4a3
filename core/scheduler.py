"""The scheduler: periodic jobs declared once in ``settings.CSPHUB_SCHEDULE``, enqueued on time.

Each entry is ``(name, cron expression, dotted path of a django.tasks task, kwargs)``. The
scheduler (``manage.py scheduler``, one supervised process under ``make run`` and ``make serve``)
only enqueues; ``manage.py db_worker`` runs the tasks. APScheduler 3's ``CronTrigger`` works out
the slots in ``TIME_ZONE``, so ``0 7 * * *`` is 7 am in London in winter and in summer.

**Two schedulers at once.** Before a slot's task is enqueued, a ``ScheduledRun`` row unique on
(job, slot) is inserted in the same transaction as the task's own row: the scheduler whose
insert fails skips the slot, so each slot is enqueued once however many schedulers run. The
tasks are idempotent as well (reminders, alerts and digests record what they sent).

**Slots missed while no scheduler ran.** A job's first start records its latest slot as a
baseline without enqueuing it (a fresh install does not send a month's e-mail at once). After
that, a scheduler that starts, or wakes, and finds that slots passed since the last one recorded
enqueues only the latest of them, once: a scheduler down over three daily slots sends one day's
reminders, not three.

Day-of-week fields must use names (``mon``–``sun``): APScheduler 3 numbers Monday 0 where cron
numbers Sunday 0, so a number would silently mean a different day.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Max
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import ScheduledRun

logger = logging.getLogger(__name__)

# How far back a job's first start looks for the slot it records as its baseline (a yearly
# schedule still finds one; a leap-day one needs four years).
BASELINE_LOOKBACK = (timedelta(days=2), timedelta(days=40), timedelta(days=5 * 366))
MAX_SLEEP = 60.0
"""The longest the loop sleeps, so a stop or a changed clock is noticed within a minute."""
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Job:
    """One entry of the schedule, parsed."""

    name: str
    cron: str
    task_path: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    trigger: CronTrigger = field(compare=False, repr=False, default=None)

    def task(self) -> Task:
        """The task this job enqueues."""
        return import_string(self.task_path)

    def next_after(self, moment: datetime) -> datetime | None:
        """The first slot strictly after ``moment``."""
        return self.trigger.get_next_fire_time(moment, moment)

    def slots_between(self, after: datetime, until: datetime) -> list[datetime]:
        """Every slot after ``after`` and at or before ``until``."""
        slots: list[datetime] = []
        current = after
        while (nxt := self.next_after(current)) is not None and nxt <= until:
            slots.append(nxt)
            current = nxt
        return slots

    def latest_slot(self, until: datetime) -> datetime | None:
        """The last slot at or before ``until`` (within the baseline look-back)."""
        for lookback in BASELINE_LOOKBACK:
            slots = self.slots_between(until - lookback, until)
            if slots:
                return slots[-1]
        return None


def parse_schedule(entries: list | tuple | None = None) -> list[Job]:
    """Check and parse the schedule; a bad entry raises ImproperlyConfigured naming it."""
    if entries is None:
        entries = getattr(settings, "CSPHUB_SCHEDULE", [])
    zone = ZoneInfo(settings.TIME_ZONE)
    jobs: list[Job] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"CSPHUB_SCHEDULE entry {number}"
        if not isinstance(entry, list | tuple) or len(entry) != 4:
            raise ImproperlyConfigured(
                f"{where} must be (name, cron expression, dotted task path, kwargs), not {entry!r}"
            )
        name, cron, path, kwargs = entry
        where = f"{where} ({name!r})"
        if not isinstance(name, str) or not name or len(name) > 100:
            raise ImproperlyConfigured(f"{where}: the name must be text of 1 to 100 characters")
        if name in seen:
            raise ImproperlyConfigured(f"{where}: another entry has the same name")
        seen.add(name)
        if not isinstance(kwargs, dict):
            raise ImproperlyConfigured(f"{where}: kwargs must be a dict, not {kwargs!r}")
        fields = str(cron).split()
        if len(fields) == 5 and _DIGIT.search(fields[4]):
            raise ImproperlyConfigured(
                f"{where}: write the day of the week as a name (mon, tue, … sun), not "
                f"{fields[4]!r}; APScheduler 3 and cron number the days differently"
            )
        try:
            trigger = CronTrigger.from_crontab(str(cron), timezone=zone)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{where}: {cron!r} is not a cron expression ({exc})"
            ) from exc
        try:
            task = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"{where}: cannot import the task {path!r} ({exc})") from exc
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"{where}: {path!r} is not a django.tasks task")
        jobs.append(Job(name, str(cron), path, dict(kwargs), trigger))
    return jobs


def _claim(job: Job, slot: datetime, *, claimed_by: str, enqueue: bool) -> ScheduledRun | None:
    """Insert the (job, slot) row and enqueue the task in one transaction; None if taken."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                job=job.name, slot=slot, enqueued=enqueue, claimed_by=claimed_by[:200]
            )
            if enqueue:
                # In the same transaction as the claim: the database backend's task row and
                # the claim commit together, so a crash between them cannot lose the slot.
                result = job.task().enqueue(**job.kwargs)
                run.task_id = str(result.id)[:100]
                run.save(update_fields=["task_id"])
    except IntegrityError:
        return None
    return run


def fire_due(
    jobs: list[Job], *, now: datetime | None = None, claimed_by: str = ""
) -> list[ScheduledRun]:
    """Enqueue each job whose latest slot has not been claimed yet; return the new claims."""
    now = now or timezone.now()
    fired: list[ScheduledRun] = []
    for job in jobs:
        last = ScheduledRun.objects.filter(job=job.name).aggregate(last=Max("slot"))["last"]
        if last is None:
            baseline = job.latest_slot(now)
            if baseline is not None:
                _claim(job, baseline, claimed_by=claimed_by, enqueue=False)
            continue
        missed = job.slots_between(last, now)
        if not missed:
            continue
        if len(missed) > 1:
            logger.info(
                "%s: %d slots passed unclaimed; enqueuing the latest", job.name, len(missed)
            )
        run = _claim(job, missed[-1], claimed_by=claimed_by, enqueue=True)
        if run is not None:
            logger.info("%s: enqueued %s for %s", job.name, job.task_path, missed[-1])
            fired.append(run)
    return fired


def next_wake(jobs: list[Job], now: datetime) -> float:
    """Seconds until the next slot of any job (at most MAX_SLEEP)."""
    upcoming = [slot for job in jobs if (slot := job.next_after(now)) is not None]
    if not upcoming:
        return MAX_SLEEP
    return max(0.05, min(MAX_SLEEP, (min(upcoming) - now).total_seconds()))


def run_forever(
    jobs: list[Job],
    *,
    stop: threading.Event,
    claimed_by: str,
    on_fire: Callable[[ScheduledRun], None] | None = None,
) -> None:
    """Fire due slots, sleep until the next one, until ``stop`` is set."""
    while not stop.is_set():
        if not connection.in_atomic_block:  # (a test's transaction)
            close_old_connections()  # a long-lived process: drop connections the server closed
        for run in fire_due(jobs, claimed_by=claimed_by):
            if on_fire is not None:
                on_fire(run)
        stop.wait(next_wake(jobs, timezone.now()))
