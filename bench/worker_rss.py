"""A web worker's memory after serving governance pages, and which heavy libraries it loaded.

Serves the dashboard, action log, a meeting page, the meetings list and the partnership overview
of the demo (in-process through Django's test client, as a worker would) as its coordinator,
then prints the process's resident memory and the heavy libraries in sys.modules.

Run (on a database with the demo loaded, e.g. `manage.py load_demo`):
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/worker_rss.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HEAVY = ("scipy", "statsmodels", "pandas", "numpy", "duckdb", "pyarrow", "weasyprint",
         "cairosvg", "docx", "openpyxl")  # fmt: skip


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    started = time.perf_counter()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Role
    from meetings.models import Meeting

    settings.ALLOWED_HOSTS = ["*"]
    role = Role.objects.filter(role="coordinator").select_related("user", "partnership").first()
    slug = role.partnership.slug
    client = Client()
    client.force_login(role.user)
    meeting = Meeting.objects.filter(partnership=role.partnership).order_by("date").first()
    urls = [
        reverse("actions:dashboard", kwargs={"slug": slug}),
        reverse("actions:action_log", kwargs={"slug": slug}),
        reverse("meetings:meeting_detail", kwargs={"slug": slug, "pk": meeting.pk}),
        reverse("partnership:overview", kwargs={"slug": slug}),
    ]
    for _ in range(3):
        for url in urls:
            assert client.get(url).status_code == 200, url
    print(f"served {len(urls) * 3} governance pages in {time.perf_counter() - started:.1f} s")
    print(f"worker RSS after serving them: {rss_mb():.0f} MB")
    print(f"heavy libraries loaded: {[m for m in HEAVY if m in sys.modules] or 'none'}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
