"""Benchmark the minutes import: a 40-page Word document in the MINUTES | ACTION | DEADLINE layout.

Generates the document (minutes_import.tests.documents.long_docx: an item of about 500 words a
page, two actions each), then times reading it (the parse a draft stores) and the whole import
(read, match the register, confirm into a throwaway test database through the meetings and
actions services), and prints the best and median of --repeat runs.

Run: .venv/bin/python bench/minutes_import.py [--pages 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    from minutes_import import services
    from minutes_import.tests.documents import long_docx

    data = long_docx(args.pages)
    parsed, text = services.minutes_read(name="long.docx", data=data)
    words = len(text.split())
    print(
        f"Document: {args.pages} items, {words:,} words (about {words / 500:.0f} pages), "
        f"{len(data) / 1024:.0f} KB, {sum(len(i['actions']) for i in parsed['items'])} actions"
    )
    read_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        services.minutes_read(name="long.docx", data=data)
        read_times.append(time.perf_counter() - started)

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    import_times = []
    try:
        from partnership.factories import GroupFactory, PartnershipFactory, PersonFactory
        from partnership.models import Partnership

        for n in range(args.repeat):
            with transaction.atomic():
                p = PartnershipFactory(slug=f"bench-{n}")
                group = GroupFactory(partnership=p, name="Delivery Group")
                for initials in ("MA", "DH", "ZC", "JL", "LS", "JAW", "TK", "SR"):
                    PersonFactory(partnership=p, initials=initials)
            started = time.perf_counter()
            draft = services.draft_create(partnership=p, name="long.docx", data=data)
            meeting = services.draft_confirm(draft=draft, group=group)
            import_times.append(time.perf_counter() - started)
            assert meeting.items.count() == args.pages
        Partnership.objects.all().delete()
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    print(f"\n{'step':<42} {'best s':>8} {'median s':>9}")
    print(
        f"{'read (parse into a draft)':<42} {min(read_times):>8.2f} {statistics.median(read_times):>9.2f}"
    )
    print(
        f"{'import (read, match, confirm into record)':<42} {min(import_times):>8.2f} "
        f"{statistics.median(import_times):>9.2f}"
    )
    print(f"\nTarget: import of a {args.pages}-page document ≤ 5 s ({connection.vendor})")


if __name__ == "__main__":
    main()
