"""Benchmark an alert fan-out to 5,000 subscribers through the task queue.

Builds a partnership with one group followed by ``--subscribers`` confirmed addresses (default
5,000), announces approved minutes inside a transaction (as ``minutes_approve`` does), then runs
the database task queue's worker (``manage.py db_worker --batch``, in this process, on the
django-tasks-db backend) until the queue is empty: the fan-out task writes the deliveries and
enqueues ALERTS_BATCH_SIZE-message send tasks, each sending over one connection. E-mail goes to
Django's locmem backend, so the figure is the product's own cost, not an SMTP server's.

Beside it, the floor: the same number of messages (same subject, body length and headers)
built and sent over one locmem connection with no product code at all.

Target: the fan-out completes within 60 s.

Run: .venv/bin/python bench/alerts.py [--subscribers 5000]       (a fresh temporary SQLite file)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/csphub_alerts .venv/bin/python bench/alerts.py
(on PostgreSQL the bench partnership is created and deleted again; the rest is left alone).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["TASKS_BACKEND"] = "database"
os.environ["EMAIL_URL"] = "memory://"
if not os.environ.get("DATABASE_URL"):
    _tmp = tempfile.mkdtemp(prefix="csphub-alerts-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.mail import EmailMessage, mailers  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from alerts.models import Delivery, DeliveryStatus, Kind, Subscriber, Subscription  # noqa: E402
from alerts.services import announce  # noqa: E402
from core.models import Visibility  # noqa: E402
from partnership.models import Group, GroupKind, Partnership  # noqa: E402

SLUG = "alerts-bench"


def build(n: int) -> tuple[Partnership, Group]:
    """A partnership, a public group and n confirmed immediate subscriptions to its minutes."""
    Partnership.objects.filter(slug=SLUG).delete()
    partnership = Partnership.objects.create(
        name="Alerts Benchmark Partnership", short_name="ABP", slug=SLUG
    )
    group = Group.objects.create(
        partnership=partnership,
        name="Benchmark Delivery Group",
        kind=GroupKind.DELIVERY,
        visibility=Visibility.PUBLIC,
    )
    Subscriber.objects.filter(email__startswith="bench-").delete()
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"bench-{i}@example.net") for i in range(n)], batch_size=1000
    )
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=s,
                partnership=partnership,
                group=group,
                wants_minutes=True,
                confirmed_at=now,
            )
            for s in subscribers
        ],
        batch_size=1000,
    )
    return partnership, group


def floor(messages: list[EmailMessage]) -> tuple[float, float]:
    """Seconds (wall, CPU) to build and send copies of these messages over one locmem
    connection."""
    mail.outbox = []
    start, cpu = time.perf_counter(), time.process_time()
    built = [
        EmailMessage(
            subject=m.subject,
            body=m.body,
            from_email=m.from_email,
            to=m.to,
            headers=dict(m.extra_headers),
        )
        for m in messages
    ]
    connection = mailers.default
    connection.open()
    connection.send_messages(built)
    connection.close()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(mail.outbox) == len(messages)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=5000)
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Alert fan-out: {args.subscribers:,} subscribers, {engine}, "
        f"batches of {settings.ALERTS_BATCH_SIZE}, worker: django-tasks-db db_worker"
    )
    partnership, group = build(args.subscribers)
    try:
        mail.outbox = []
        start, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            announcement = announce(
                partnership=partnership,
                group=group,
                kind=Kind.MINUTES,
                title="Minutes of the meeting of Benchmark Delivery Group, 12 January 2012",
                path=f"/p/{SLUG}/meetings/1/minutes/",
                visibility=Visibility.PUBLIC,
                key=f"bench:{time.time_ns()}",
            )
        enqueued = time.perf_counter()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        sent = Delivery.objects.filter(
            announcement=announcement, status=DeliveryStatus.SENT
        ).count()
        messages = list(mail.outbox)
        assert sent == args.subscribers == len(messages), (sent, len(messages))
        assert len({m.to[0] for m in messages}) == args.subscribers
        floor_s, floor_cpu = floor(messages)
        print(f"  announce + enqueue (one transaction): {enqueued - start:8.3f} s")
        print(
            f"  through the queue, {sent:,} sent: {elapsed:8.3f} s wall, {cpu:7.3f} s CPU "
            f"({elapsed / sent * 1000:.2f} ms a message)   target <= 60 s: "
            f"{'met' if elapsed <= 60 else 'NOT MET'}"
        )
        print(
            f"  floor (same messages, locmem, no product): {floor_s:8.3f} s wall, "
            f"{floor_cpu:7.3f} s CPU ({floor_s / sent * 1000:.2f} ms a message)"
        )
        print(f"  product / floor (CPU): {cpu / floor_cpu:.2f}x")
    finally:
        Partnership.objects.filter(slug=SLUG).delete()
        Subscriber.objects.filter(email__startswith="bench-").delete()


if __name__ == "__main__":
    main()
