"""Benchmark the web pages: dashboard, action log, meeting page and public home page.

For each size (default 2,000, 20,000 and 100,000 actions) it builds a throwaway database — a
SQLite file under var/, or a test database on DATABASE_URL's PostgreSQL server — with one
partnership, a group of eight members, 100 meetings and the actions (bulk_create), runs ANALYZE,
then:

- **single-user**: requests each page through Django's test client (as a coordinator, and the
  action log and meeting page also as the public) and prints p50 and p95 in milliseconds (and the
  median CPU time of this process, which a busy machine disturbs less than wall time), the SQL
  queries per request and the HTML size;
- **concurrent** (`--load`): serves the same database with `make serve`'s gunicorn
  (scripts/gunicorn.conf.py, DEBUG off, on 127.0.0.1:--port) and sends `--connections` concurrent requests for `--seconds` to each page,
  printing requests/s, p50/p95 and errors beside the same server's hello-world view (the floor),
  and the page's share of the floor (the goal is at least 1/10). `--url` measures a server you
  run yourself instead (it must serve the database this script built: use `--keep`), with
  `--hello PATH` as its hello-world view.

Run:
    .venv/bin/python bench/web.py [--actions 2000,20000,100000] [--repeat 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/csphub_perf .venv/bin/python bench/web.py
    .venv/bin/python bench/web.py --actions 20000 --load [--connections 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")

HELLO_PATH = "/bench/hello/"


# The server side: the project's URLs plus a hello-world view (gunicorn "bench.web:wsgi()") ----


def hello(request):
    """The floor: a Django view that does nothing but answer."""
    from django.http import HttpResponse

    return HttpResponse(b"Hello, world", content_type="text/plain")


def _urlpatterns():
    from django.urls import include, path

    return [path(HELLO_PATH.strip("/") + "/", hello), path("", include("config.urls"))]


def __getattr__(name: str):
    if name == "urlpatterns":  # read by Django when ROOT_URLCONF is "bench.web"
        return _urlpatterns()
    raise AttributeError(name)


def wsgi():
    """The project's WSGI application with the hello-world view added (for gunicorn)."""
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.web"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


# Measuring -------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def build(n: int):
    """One partnership, a group of eight, 100 meetings and `n` actions; returns (slug, user,
    meeting)."""
    from django.db import connection

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
    bulk_actions(partnership=p, group=group, people=people, n=n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after a bulk load (docs/governance.md)
    meeting = Meeting.objects.filter(group=group).order_by("-date").first()
    return p.slug, user, meeting


def pages(slug: str, meeting) -> list[tuple[str, str, bool]]:
    """(label, url, public too?)"""
    from django.urls import reverse

    kw = {"slug": slug}
    return [
        ("dashboard", reverse("actions:dashboard", kwargs=kw), False),
        ("action log", reverse("actions:action_log", kwargs=kw), True),
        ("action log, open + overdue", reverse("actions:action_log", kwargs=kw) + "?status=open&overdue=on", False),
        ("meeting page", reverse("meetings:meeting_detail", kwargs={**kw, "pk": meeting.pk}), True),
        ("public home page", reverse("home"), True),
    ]  # fmt: skip


def single_user(n: int, slug: str, user, meeting, repeat: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    coordinator = Client()
    coordinator.force_login(user)
    public = Client()
    rows = []
    for label, url, public_too in pages(slug, meeting):
        clients = [("coordinator", coordinator)] + ([("public", public)] if public_too else [])
        if label == "public home page":
            clients = [("public", public)]
        for who, client in clients:
            client.get(url)  # warm templates and caches
            times, cpu = [], []
            for _ in range(repeat):
                t, c = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            rows.append(
                {
                    "actions": n,
                    "page": label,
                    "as": who,
                    "p50": percentile(times, 0.5),
                    "p95": percentile(times, 0.95),
                    "cpu": percentile(cpu, 0.5),
                    "queries": len(queries),
                    "kb": len(response.content) / 1024,
                }
            )
            r = rows[-1]
            print(
                f"{n:>8,} {label:<28} {who:<12} {r['p50']:>7.1f} {r['p95']:>7.1f} "
                f"{r['cpu']:>7.1f} {r['queries']:>7} {r['kb']:>7.0f}",
                flush=True,
            )
    return rows


async def _one(host: str, port: int, path: str, cookie: str) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
        if cookie:
            head += f"Cookie: {cookie}\r\n"
        writer.write((head + "\r\n").encode())
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the rest, until the server closes
        return int(status_line.split()[1])
    finally:
        writer.close()


async def _load(url: str, cookie: str, connections: int, seconds: float, warm: float = 2) -> dict:
    if warm:  # every worker has loaded its templates and opened its connection
        await _load(url, cookie, connections, warm, warm=0)
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker():
        nonlocal errors
        while time.perf_counter() < stop:
            t = time.perf_counter()
            try:
                status = await asyncio.wait_for(
                    _one(parts.hostname, parts.port or 80, path, cookie), 30
                )
            except (OSError, TimeoutError, IndexError, ValueError):
                status = 0
            if status == 200:
                latencies.append((time.perf_counter() - t) * 1000)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "ok": len(latencies),
        "errors": errors,
    }


def concurrent(base: str, hello_path: str, slug, user, meeting, connections, seconds, n) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)  # a session row the server will read
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    floor = asyncio.run(_load(base + hello_path, "", connections, seconds))
    print(
        f"\n{n:>8,} {'hello-world floor':<28} {'':<12} {floor['rps']:>8.0f} {floor['p50']:>7.1f} "
        f"{floor['p95']:>7.1f} {floor['errors']:>6} {'1':>7}",
        flush=True,
    )
    for label, url, _ in pages(slug, meeting):
        who, cookie_for = ("public", "") if label == "public home page" else ("coordinator", cookie)
        r = asyncio.run(_load(base + url, cookie_for, connections, seconds))
        print(
            f"{n:>8,} {label:<28} {who:<12} {r['rps']:>8.0f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
            f"{r['errors']:>6} {r['rps'] / floor['rps']:>7.3f}",
            flush=True,
        )


def serve(port: int, database_url: str, workers: int | None) -> subprocess.Popen:
    """`make serve`'s gunicorn (scripts/gunicorn.conf.py: gthread, WEB_CONCURRENCY workers of
    WEB_THREADS threads, persistent connections), with DEBUG off as in production and the
    hello-world view added; `workers` overrides WEB_CONCURRENCY."""
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "DEBUG": "false", "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
           "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "WARNING"}  # fmt: skip
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    env.pop("TASKS_BACKEND", None)
    proc = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [gunicorn, "--chdir", str(ROOT), "-c", str(ROOT / "scripts" / "gunicorn.conf.py"),
         "bench.web:wsgi()"],
        env=env,
        stdout=subprocess.DEVNULL,  # the access log, written as make serve writes it
    )  # fmt: skip
    for _ in range(100):
        time.sleep(0.2)
        try:
            if asyncio.run(_one("127.0.0.1", port, HELLO_PATH, "")) == 200:
                return proc
        except OSError:
            continue
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", default="2000,20000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--load", action="store_true", help="also the concurrent benchmark")
    parser.add_argument("--no-single", action="store_true", help="skip the single-user run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default WEB_CONCURRENCY)")
    parser.add_argument("--url", help="measure this running server instead of starting gunicorn")
    parser.add_argument("--hello", default=HELLO_PATH, help="the server's hello-world path")
    parser.add_argument("--keep", action="store_true", help="keep the last size's database")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.actions.split(",")]

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    vendor = connection.vendor
    if vendor == "sqlite":
        test_file = ROOT / "var" / "bench-web.sqlite3"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(test_file)
    else:  # not test_<name>, which the test suite uses
        test_name = f"{connection.settings_dict['NAME']}_bench"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
    old_name = connection.settings_dict["NAME"]
    print(f"Database: {vendor}; load average {os.getloadavg()[0]:.2f}", flush=True)
    for n in sizes:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            started = time.perf_counter()
            slug, user, meeting = build(n)
            print(f"\nBuilt {n:,} actions in {time.perf_counter() - started:.1f} s", flush=True)
            if not args.no_single:
                print(f"{'actions':>8} {'page':<28} {'as':<12} {'p50 ms':>7} {'p95 ms':>7} "
                      f"{'CPU p50':>7} {'queries':>7} {'KB':>7}")  # fmt: skip
                single_user(n, slug, user, meeting, args.repeat)
            if args.load:
                print(f"\n{'actions':>8} {'page (concurrent)':<28} {'as':<12} {'req/s':>8} "
                      f"{'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'÷floor':>7}")  # fmt: skip
                proc = None
                base = args.url
                if not base:
                    s = connection.settings_dict
                    if vendor == "sqlite":
                        db_url = f"sqlite:///{s['NAME']}"
                    else:
                        db_url = (
                            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:"
                            f"{s['PORT'] or 5432}/{s['NAME']}"
                        )
                    connection.close()
                    proc = serve(args.port, db_url, args.workers)
                    base = f"http://127.0.0.1:{args.port}"
                try:
                    concurrent(
                        base, args.hello, slug, user, meeting, args.connections, args.seconds, n
                    )
                finally:
                    if proc is not None:
                        proc.terminate()
                        try:
                            proc.wait(30)
                        except subprocess.TimeoutExpired:
                            proc.kill()
                            proc.wait()
        finally:
            connection.close()
            if args.keep and n == sizes[-1]:
                print(f"Kept the database {connection.settings_dict['NAME']}")
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
