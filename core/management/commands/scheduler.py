"""manage.py scheduler: enqueue the periodic jobs of settings.CSPHUB_SCHEDULE on time.

Runs until SIGTERM or SIGINT (supervisord runs it under `make run` and `make serve`).
``--list`` prints each job and its next slot; ``--once`` enqueues what is due now and exits.
"""

import os
import signal
import socket
import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (CSPHUB_SCHEDULE) on time; the task worker runs them."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Print the jobs and exit.")
        parser.add_argument("--once", action="store_true", help="Enqueue what is due, exit.")

    def handle(self, *args, list=False, once=False, **options):  # noqa: A002 - the option
        try:
            jobs = scheduler.parse_schedule()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        now = timezone.now()
        if list:
            for job in jobs:
                nxt = job.next_after(now)
                when = timezone.localtime(nxt).strftime("%d %B %Y %H:%M") if nxt else "never"
                self.stdout.write(f"{job.name}: {job.cron} → {job.task_path} (next {when})")
            return
        who = f"{socket.gethostname()}:{os.getpid()}"
        if once:
            fired = scheduler.fire_due(jobs, claimed_by=who)
            self.stdout.write(f"Enqueued {len(fired)} job(s): {', '.join(r.job for r in fired)}")
            return
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(
            f"Scheduler started with {len(jobs)} job(s): {', '.join(j.name for j in jobs)}"
        )
        self.stdout.flush()
        try:
            scheduler.run_forever(
                jobs,
                stop=stop,
                claimed_by=who,
                on_fire=lambda run: self.stdout.write(f"Enqueued {run.job} for {run.slot}"),
            )
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Scheduler stopped")
