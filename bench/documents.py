"""Time the download of a prepared minutes PDF and Word file, beside a trivial view as the floor.

On a database with the demo loaded (`manage.py load_demo`), as the demo's coordinator: the first
request of each format builds the file (TASKS_BACKEND=immediate runs the task in-process; with
the database backend a worker would, and the page says "being prepared"), the following ones
are served the stored file. Prints the build and the median download beside /bench/hello.

Run: DATABASE_URL=sqlite:////tmp/demo.sqlite3 TASKS_BACKEND=immediate \\
     .venv/bin/python bench/documents.py [--downloads 30]
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")


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
    parser.add_argument("--downloads", type=int, default=30)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Role
    from meetings.models import Meeting

    settings.ALLOWED_HOSTS = ["*"]
    role = Role.objects.filter(role="coordinator").select_related("user", "partnership").first()
    client = Client()
    client.force_login(role.user)
    meeting = Meeting.objects.filter(partnership=role.partnership).order_by("-date").first()
    kwargs = {"slug": role.partnership.slug, "pk": meeting.pk}
    print(f"{'':36} {'median ms':>10} {'min ms':>8}")
    for name in ("minutes_pdf", "minutes_docx"):
        url = reverse(f"meetings:{name}", kwargs=kwargs)
        first = timed(client, url, 1)[0]
        later = timed(client, url, args.downloads)
        print(f"{name + ', first (build if not stored)':36} {first:10.1f} {first:8.1f}")
        print(
            f"{name + ', prepared download':36} {statistics.median(later):10.1f} {min(later):8.1f}"
        )
    hello = timed(client, "/bench/hello", args.downloads)
    print(f"{'floor: /bench/hello':36} {statistics.median(hello):10.1f} {min(hello):8.1f}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
