"""The scheduler (core/scheduler.py, manage.py scheduler): the schedule, claims and slots."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.tasks import Task, task

from config import settings as django_settings_module
from core import scheduler
from core.models import ScheduledRun

LONDON = ZoneInfo("Europe/London")
FIRED: list[str] = []


@task
def record_firing(label: str = "") -> str:
    """A task that notes each run (the immediate backend runs it in this process)."""
    FIRED.append(label)
    return label


@pytest.fixture(autouse=True)
def _clear():
    FIRED.clear()


def _jobs(cron: str = "0 7 * * *") -> list[scheduler.Job]:
    return scheduler.parse_schedule(
        [("test-job", cron, "core.tests.test_scheduler.record_firing", {"label": "fired"})]
    )


@pytest.fixture(autouse=True)
def _production_schedule(settings):
    """The schedule as production has it: with the monthly police.uk update."""
    by_name = {entry[0]: entry for entry in settings.CSPHUB_SCHEDULE}
    settings.CSPHUB_SCHEDULE = [
        by_name["action-reminders"],
        django_settings_module.POLICE_UK_JOB,
        by_name["compliance-alerts"],
    ]


def test_the_schedule_as_configured_parses_with_the_alert_digests():
    jobs = {j.name: j for j in scheduler.parse_schedule(django_settings_module.CSPHUB_SCHEDULE)}
    assert jobs["alert-digests-daily"].kwargs == {"frequency": "daily"}
    assert jobs["alert-digests-weekly"].next_after(_at(2026, 12, 2, 12, 0)) == _at(
        2026, 12, 7, 6, 30
    )
    assert all(isinstance(j.task(), Task) for j in jobs.values())


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def test_the_settings_schedule_parses_into_tasks():
    jobs = scheduler.parse_schedule()
    assert [j.name for j in jobs] == ["action-reminders", "police-uk-update", "compliance-alerts"]
    assert all(isinstance(j.task(), Task) for j in jobs)
    monthly = next(j for j in jobs if j.name == "police-uk-update")
    assert monthly.next_after(_at(2026, 12, 2, 12, 0)) == _at(2026, 12, 25, 5, 30)
    weekly = next(j for j in jobs if j.name == "compliance-alerts")
    assert weekly.next_after(_at(2026, 12, 2, 12, 0)) == _at(2026, 12, 7, 8, 0)  # a Monday


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (("a", "0 7 * * 1", "core.tests.test_scheduler.record_firing", {}), "as a name"),
        (("a", "0 25 * * *", "core.tests.test_scheduler.record_firing", {}), "not a cron"),
        (("a", "0 7 * * *", "core.tests.nowhere.task", {}), "cannot import the task"),
        (("a", "0 7 * * *", "core.scheduler.parse_schedule", {}), "is not a django.tasks task"),
        (("a", "0 7 * * *", "core.tests.test_scheduler.record_firing", []), "must be a dict"),
        (("a", "0 7 * * *"), "must be (name, cron expression"),
    ],
)
def test_a_bad_schedule_entry_names_itself(entry, message):
    with pytest.raises(ImproperlyConfigured, match=r"CSPHUB_SCHEDULE entry 1") as caught:
        scheduler.parse_schedule([entry])
    assert message in str(caught.value)


def test_two_entries_with_one_name_are_refused():
    entry = ("same", "0 7 * * *", "core.tests.test_scheduler.record_firing", {})
    with pytest.raises(ImproperlyConfigured, match="entry 2 .* another entry has the same name"):
        scheduler.parse_schedule([entry, entry])


def test_cron_runs_in_london_time_through_the_clock_change():
    job = _jobs()[0]
    assert job.next_after(_at(2026, 7, 1, 8, 0)).astimezone(dt.UTC).hour == 6  # BST
    assert job.next_after(_at(2026, 12, 1, 8, 0)).astimezone(dt.UTC).hour == 7  # GMT


@pytest.mark.django_db
def test_first_start_records_a_baseline_and_the_next_slot_is_enqueued_once():
    jobs = _jobs()
    assert scheduler.fire_due(jobs, now=_at(2026, 12, 2, 12, 0)) == []
    baseline = ScheduledRun.objects.get()
    assert (baseline.slot, baseline.enqueued) == (_at(2026, 12, 2, 7, 0), False)
    assert FIRED == []
    assert scheduler.fire_due(jobs, now=_at(2026, 12, 2, 18, 0)) == []  # no slot since
    fired = scheduler.fire_due(jobs, now=_at(2026, 12, 3, 7, 0, 1))
    assert [(r.job, r.slot, r.enqueued) for r in fired] == [
        ("test-job", _at(2026, 12, 3, 7, 0), True)
    ]
    assert fired[0].task_id
    assert FIRED == ["fired"]


@pytest.mark.django_db
def test_two_schedulers_firing_the_same_slot_enqueue_once():
    jobs = _jobs()
    scheduler.fire_due(jobs, now=_at(2026, 12, 2, 12, 0), claimed_by="a")
    first = scheduler.fire_due(jobs, now=_at(2026, 12, 3, 7, 0, 5), claimed_by="a")
    second = scheduler.fire_due(jobs, now=_at(2026, 12, 3, 7, 0, 9), claimed_by="b")
    assert len(first) == 1 and second == []
    assert FIRED == ["fired"]
    assert ScheduledRun.objects.filter(enqueued=True).get().claimed_by == "a"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql"),
    reason="concurrent writers need PostgreSQL (SQLite serialises them itself)",
)
def test_two_schedulers_racing_in_threads_claim_the_slot_once():
    jobs = _jobs()
    scheduler.fire_due(jobs, now=_at(2026, 12, 2, 12, 0))
    barrier = threading.Barrier(2)
    results: dict[str, list] = {}

    def race(name: str) -> None:
        barrier.wait()
        try:
            results[name] = scheduler.fire_due(jobs, now=_at(2026, 12, 3, 7, 0, 1), claimed_by=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r) for r in results.values()) == [0, 1]
    assert FIRED == ["fired"]
    assert ScheduledRun.objects.filter(enqueued=True).count() == 1


@pytest.mark.django_db
def test_slots_missed_while_down_are_enqueued_once_on_start():
    jobs = _jobs()
    scheduler.fire_due(jobs, now=_at(2026, 12, 2, 12, 0))
    # Down from the 2nd to the 6th: four 7 am slots passed; only the latest is enqueued.
    fired = scheduler.fire_due(jobs, now=_at(2026, 12, 6, 9, 0))
    assert [r.slot for r in fired] == [_at(2026, 12, 6, 7, 0)]
    assert FIRED == ["fired"]
    assert scheduler.fire_due(jobs, now=_at(2026, 12, 6, 9, 1)) == []


def test_next_wake_is_the_next_slot_capped_at_a_minute():
    jobs = _jobs("30 * * * *")
    assert scheduler.next_wake(jobs, _at(2026, 12, 2, 12, 29, 50)) == 10
    assert scheduler.next_wake(jobs, _at(2026, 12, 2, 12, 0)) == scheduler.MAX_SLEEP


@pytest.mark.django_db
def test_the_command_starts_and_stops_cleanly_on_sigterm():
    out = io.StringIO()
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM))
    previous = signal.getsignal(signal.SIGTERM)
    timer.start()
    try:
        call_command("scheduler", stdout=out)
    finally:
        timer.cancel()
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "Scheduler started with 3 job(s): action-reminders, police-uk-update, compliance-alerts"
    )
    assert lines[-1] == "Scheduler stopped"
    assert signal.getsignal(signal.SIGTERM) is previous  # the handler was put back
    # Its first pass recorded each job's baseline and enqueued nothing.
    assert set(ScheduledRun.objects.values_list("job", "enqueued")) == {
        ("action-reminders", False),
        ("police-uk-update", False),
        ("compliance-alerts", False),
    }


@pytest.mark.django_db
def test_the_command_lists_the_jobs():
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert "police-uk-update: 30 5 25 * * → crime.tasks.police_uk_update (next " in out.getvalue()
