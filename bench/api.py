"""Benchmark the open-data API's list endpoints on a partnership with 10 years of record.

Builds the 10-year record of bench/reports.py (meetings, items, actions, decisions, priorities,
plans, objectives, measures and values, events, funding decisions) in a throwaway test
database, then requests the first page (50 records) of every JSON collection, and the CSV of
the largest, as the public and with a coordinator's token, through Django's test client.
Prints p50 and p95 in milliseconds beside the floor: the same client's hello-world view
(bench/urls.py) with the same middleware. Goal: list endpoints p95 <= 50 ms.

Run: .venv/bin/python bench/api.py [--years 10] [--repeat 40]
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(client, url: str, repeat: int, headers: dict) -> tuple[float, float, int]:
    response = client.get(url, headers=headers)  # warm
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    count = response.json().get("count", 0) if url.endswith("/") else 0
    return percentile(times, 0.5), percentile(times, 0.95), count, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    settings.API_RATES = {"anonymous": "1000000/minute", "token": "1000000/minute"}
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from api.services import token_create
    from api.views import COLLECTIONS
    from bench.reports import build

    started = time.perf_counter()
    p, coordinator, _session, _plan = build(args.years)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Built {args.years} years of record in {time.perf_counter() - started:.1f} s")
    token = {"Authorization": f"Bearer {token_create(user=coordinator, name='Bench').token}"}
    client = Client()
    print(f"{'endpoint':28} {'as':12} {'records':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    p50, p95, _, q = timed(client, "/bench/hello", args.repeat, {})
    print(f"{'hello world (floor)':28} {'public':12} {'':>8} {p50:8.1f} {p95:8.1f} {q:8}")
    worst = 0.0
    for cls in COLLECTIONS:
        url = reverse(f"api:{cls.name.replace('-', '_')}", kwargs={"slug": p.slug})
        for who, headers in (("public", {}), ("coordinator", token)):
            p50, p95, count, q = timed(client, url, args.repeat, headers)
            worst = max(worst, p95)
            print(f"{cls.name:28} {who:12} {count:8,} {p50:8.1f} {p95:8.1f} {q:8}", flush=True)
    url = reverse("api:items_csv", kwargs={"slug": p.slug})
    p50, p95, _, q = timed(client, url, max(3, args.repeat // 10), token)
    print(f"{'items.csv (every record)':28} {'coordinator':12} {'':>8} {p50:8.1f} {p95:8.1f} {q:8}")
    load = os.getloadavg()
    print(
        f"Worst list p95: {worst:.1f} ms (goal 50 ms). Load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


if __name__ == "__main__":
    main()
