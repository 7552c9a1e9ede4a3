"""Time the Crime data page on a 300-month store, beside a trivial view as the floor.

Builds (or reuses, with --store) a store of 300 West Yorkshire months made from the three real
street files as bench/crime_import.py does, then serves /p/<slug>/crime/ through Django's test
client for a partnership whose area is Leeds, in a throwaway test database. Prints the first
view of a fresh worker (the index and counts the import recorded read once) and the median of
the following views, beside the median of /bench/hello in the same run.

Run: .venv/bin/python bench/crime_page.py [--store var/bench-crime-store] [--views 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def build_store(data_dir: Path, copies: int) -> None:
    from bench.crime_import import LOOKUP, POPULATION, build_input
    from crime.geography import load_geography
    from crime.ingest import import_paths
    from crime.store import Store

    store = Store(data_dir / "crime")
    load_geography(lookup_csv=LOOKUP, population_csv=POPULATION, store=store)
    with tempfile.TemporaryDirectory(dir=ROOT / "var") as work:
        files, rows = build_input(Path(work), copies)
        started = time.perf_counter()
        import_paths(files, store=store)
        print(f"built {len(files)} months, {rows:,} rows in {time.perf_counter() - started:.1f} s")


def timed(client, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(ROOT / "var" / "bench-crime-store"))
    parser.add_argument("--copies", type=int, default=100, help="3 months per copy")
    parser.add_argument("--views", type=int, default=30)
    args = parser.parse_args()
    data_dir = Path(args.store)
    os.environ["CSPHUB_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DATABASE_URL", "sqlite:///" + str(ROOT / "var" / "bench-page.sqlite3"))

    import django

    django.setup()
    from django.conf import settings

    settings.CSPHUB_DATA_DIR = str(data_dir)
    settings.ALLOWED_HOSTS = ["*"]
    if not (data_dir / "crime" / "street").exists():
        build_store(data_dir, args.copies)

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from crime.formats import Dataset
    from crime.store import Store
    from partnership.factories import PartnershipFactory

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        partnership = PartnershipFactory(slug="bench-leeds", area_codes=["E08000035"])
        store = Store(data_dir / "crime")
        months = len(store.partition_files(Dataset.STREET))
        client = Client()
        url = f"/p/{partnership.slug}/crime/"
        # A new worker after an import: nothing cached, the index the import recorded on disk.
        from django.core.cache import cache

        cache.clear()
        first = timed(client, url, 1)[0]
        page = timed(client, url, args.views)
        hello = timed(client, "/bench/hello", args.views)
        print(f"store: {months} months under {data_dir}; load average {os.getloadavg()[0]:.2f}")
        print(f"{'':34} {'median ms':>10} {'min ms':>8}")
        print(f"{'Crime data page, first view':34} {first:10.1f} {first:8.1f}")
        print(
            f"{'Crime data page, later views':34} {statistics.median(page):10.1f} {min(page):8.1f}"
        )
        print(f"{'floor: /bench/hello':34} {statistics.median(hello):10.1f} {min(hello):8.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
