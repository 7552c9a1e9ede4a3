"""Seed the load benchmark's record: one partnership with ten years of meetings and 20,000 actions.

Run by bench/load.py against its throwaway database (DATABASE_URL). Builds, with bulk_create,
a partnership with four bodies, eight people in a delivery group, 130 four-weekly meetings
(2005 to 2014) and the actions, then `--users` signed-in users (one coordinator in ten, the rest
partner members) with a session each, runs ANALYZE, and prints JSON: the partnership's slug, the
latest meeting and the users' session keys.

Run: DATABASE_URL=... .venv/bin/python bench/load_seed.py [--actions 20000] [--users 100]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--meetings", type=int, default=130, help="four-weekly: 130 is ten years")
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, transaction

    from accounts.models import Role, RoleName, User
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
    with transaction.atomic():
        p = PartnershipFactory(slug="bench", name="Bench Community Safety Partnership")
        group = GroupFactory(partnership=p, name="Delivery Group")
        bodies = [BodyFactory(partnership=p, name=f"Body {i}") for i in range(4)]
        people = []
        for i in range(8):
            person = PersonFactory(partnership=p, body=bodies[i % 4])
            MembershipFactory(group=group, person=person)
            people.append(person)
        bulk_actions(
            partnership=p, group=group, people=people, n=args.actions, meetings=args.meetings
        )
        # One hash for all: PBKDF2 a hundred times over would take a minute and test nothing.
        password = make_password("bench-load-password")
        users = User.objects.bulk_create(
            [
                User(
                    email=f"load{i}@bench.example.org",
                    full_name=f"Load user {i}",
                    password=password,
                )
                for i in range(args.users)
            ]
        )
        users = list(User.objects.filter(email__endswith="@bench.example.org").order_by("pk"))
        Role.objects.bulk_create(
            [
                Role(
                    user=u,
                    partnership=p,
                    role=RoleName.COORDINATOR if i % 10 == 0 else RoleName.MEMBER,
                )
                for i, u in enumerate(users)
            ]
        )
    # A session each, as signing in would make it.
    sessions = []
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    for u in users:
        store = SessionStore()
        store[SESSION_KEY] = str(u.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = u.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    meeting = Meeting.objects.filter(group=group).order_by("-date").first()
    print(
        json.dumps(
            {
                "slug": p.slug,
                "meeting": meeting.pk,
                "sessions": sessions,
                "actions": args.actions,
                "meetings": args.meetings,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
