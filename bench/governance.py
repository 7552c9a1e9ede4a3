"""Benchmark the governance pages at 20,000 actions: the action log, the dashboard and a meeting.

Builds a throwaway SQLite database (or uses DATABASE_URL's server with a test database), creates
one partnership with a group of eight members, 100 meetings and 20,000 actions with bulk_create,
then requests each page through Django's test client as a coordinator and as the public, and
prints p50 and p95 in milliseconds with the number of SQL queries per request.

Run: .venv/bin/python bench/governance.py [--actions 20000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from accounts.factories import RoleFactory, UserFactory
        from actions.factories import bulk_actions
        from meetings.models import Meeting
        from partnership.factories import (
            BodyFactory,
            GroupFactory,
            MembershipFactory,
            PartnershipFactory,
            PersonFactory,
        )

        started = time.perf_counter()
        p = PartnershipFactory(slug="bench")
        group = GroupFactory(partnership=p, name="Delivery Group")
        bodies = [BodyFactory(partnership=p, name=f"Body {i}") for i in range(4)]
        people = []
        for i in range(8):
            person = PersonFactory(partnership=p, body=bodies[i % 4])
            MembershipFactory(group=group, person=person)
            people.append(person)
        user = UserFactory(email="coordinator@bench.example.org")
        RoleFactory(user=user, partnership=p, role="coordinator")
        meetings = bulk_actions(partnership=p, group=group, people=people, n=args.actions)
        meeting = Meeting.objects.filter(group=group).order_by("-date").first()
        print(
            f"Built {args.actions:,} actions over {len(meetings)} meetings "
            f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )

        coordinator = Client()
        coordinator.force_login(user)
        public = Client()
        slug = {"slug": p.slug}
        pages = [
            ("action log", reverse("actions:action_log", kwargs=slug)),
            ("action log, open + overdue", reverse("actions:action_log", kwargs=slug) + "?status=open&overdue=on"),
            ("dashboard", reverse("actions:dashboard", kwargs=slug)),
            ("meeting page", reverse("meetings:meeting_detail", kwargs={**slug, "pk": meeting.pk})),
        ]  # fmt: skip
        print(f"\n{'page':<30} {'as':<12} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for label, url in pages:
            for who, client in (("coordinator", coordinator), ("public", public)):
                if label == "dashboard" and who == "public":
                    continue  # partners only
                client.get(url)  # warm templates and caches
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(url)
                    times.append((time.perf_counter() - t) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                print(
                    f"{label:<30} {who:<12} {percentile(times, 0.5):>8.1f} "
                    f"{percentile(times, 0.95):>8.1f} {len(queries):>8}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
