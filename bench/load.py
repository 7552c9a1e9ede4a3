"""Load benchmark: 100 signed-in users for 2 minutes on PostgreSQL through `make serve`'s server.

Creates a throwaway database on DATABASE_URL's PostgreSQL server, migrates it, seeds a ten-year
record with 20,000 actions and a session per user (bench/load_seed.py, then ANALYZE), runs
collectstatic into a temporary folder, and starts the server exactly as `make serve` does
(supervisord with scripts/supervisord/serve.conf: gunicorn with the production settings, and the
task worker) on 127.0.0.1:PORT, with bench.settings adding a hello-world page. Then `--users`
threads, each a signed-in user on its own keep-alive connection, request pages back to back:
first the hello-world floor, then the dashboard, the action log, a meeting page and the public
home page in turn. Every request carries `X-Forwarded-Proto: https` as from a TLS proxy. Prints
requests/s, p50/p95/p99 and errors per page, and the most database connections seen at once.
The database is dropped afterwards (unless --keep).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/csphub_prod \\
     .venv/bin/python bench/load.py [--duration 120] [--users 100] [--port 8101]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Load:
    """`users` threads requesting `pages` (label, path) in turn until the deadline."""

    def __init__(self, *, port: int, sessions: list[str], pages: list[tuple[str, str]]) -> None:
        self.port = port
        self.sessions = sessions
        self.pages = pages
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def user(self, session: str, deadline: float, offset: int) -> None:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={session}",
        }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        pages = itertools.islice(itertools.cycle(self.pages), offset, None)
        for label, path in pages:
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                error = None if response.status == 200 else f"{response.status} {body[:200]!r}"
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as e:
                error = f"{type(e).__name__}: {e}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                if error:
                    self.errors[label].append(error)
                else:
                    self.times[label].append(elapsed)
        conn.close()

    def run(self, seconds: float) -> float:
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=self.user, args=(s, deadline, i), daemon=True)
            for i, s in enumerate(self.sessions)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - started


class ConnectionWatch:
    """Polls pg_stat_activity each half second for the benchmark database's connections."""

    def __init__(self, url: str, dbname: str) -> None:
        self.url, self.dbname = url, dbname
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def watch(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                (n,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.dbname],
                ).fetchone()
                self.peak = max(self.peak, n)
                self.stop.wait(0.5)


def report(title: str, load: Load, elapsed: float) -> None:
    print(f"\n{title}")
    print(
        f"{'page':<16} {'requests':>9} {'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'errors':>7}"
    )
    total_ok = total_err = 0
    for label, _ in load.pages:
        times, errors = load.times[label], load.errors[label]
        total_ok += len(times)
        total_err += len(errors)
        print(
            f"{label:<16} {len(times) + len(errors):>9,} {len(times) / elapsed:>8.1f} "
            f"{percentile(times, 0.5):>9.0f} {percentile(times, 0.95):>9.0f} "
            f"{percentile(times, 0.99):>9.0f} {len(errors):>7}"
        )
    if len(load.pages) > 1:
        all_times = [t for label, _ in load.pages for t in load.times[label]]
        print(
            f"{'all':<16} {total_ok + total_err:>9,} {total_ok / elapsed:>8.1f} "
            f"{percentile(all_times, 0.5):>9.0f} {percentile(all_times, 0.95):>9.0f} "
            f"{percentile(all_times, 0.99):>9.0f} {total_err:>7}"
        )
    for label, errors in load.errors.items():
        for message in sorted(set(errors))[:3]:
            print(f"  {label}: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of page load")
    parser.add_argument("--floor-duration", type=float, default=30, help="seconds of hello-world")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL server (its database is not touched)")
    base = url.rsplit("/", 1)[0]
    dbname = f"{url.rsplit('/', 1)[1].split('?')[0]}_load"
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')
        (max_connections,) = conn.execute("SHOW max_connections").fetchone()

    tmp = Path(tempfile.mkdtemp(prefix="csphub-load-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        {
            "CSPHUB_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"{base}/{dbname}",
            "STATIC_ROOT": str(tmp / "static"),
            "CSPHUB_DATA_DIR": str(tmp / "data"),
            "MEDIA_ROOT": str(tmp / "media"),
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "TASKS_BACKEND": "database",
            "HOST": "127.0.0.1",
            "PORT": str(args.port),
            "LOG_LEVEL": "WARNING",
        }
    )
    server = None
    try:
        t = time.perf_counter()
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
        seed = json.loads(
            run(
                [PYTHON, "bench/load_seed.py", "--actions", str(args.actions)]
                + ["--users", str(args.users)],
                env,
            )
            .strip()
            .splitlines()[-1]
        )
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        print(
            f"Seeded {seed['actions']:,} actions over {seed['meetings']} meetings (ten years) and "
            f"{len(seed['sessions'])} signed-in users in {time.perf_counter() - t:.0f} s"
        )

        server = subprocess.Popen(
            [PYTHON, "-m", "supervisor.supervisord", "-n", "-c", "scripts/supervisord/serve.conf"]
            + ["-j", str(tmp / "supervisord.pid"), "-l", str(tmp / "supervisord.log")],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
            stdout=open(tmp / "server.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit((tmp / "server.log").read_text())
                time.sleep(0.5)
        workers = int(env.get("WEB_CONCURRENCY", "2"))
        threads = int(env.get("WEB_THREADS", "4"))
        print(
            f"Server: supervisord (scripts/supervisord/serve.conf), gunicorn {workers} workers x "
            f"{threads} threads + 1 task worker; PostgreSQL max_connections {max_connections}"
        )

        slug = seed["slug"]
        sessions = seed["sessions"]
        random.Random(1).shuffle(sessions)
        watch = ConnectionWatch(admin, dbname)
        watch.thread.start()

        floor = Load(port=args.port, sessions=sessions, pages=[("hello world", "/bench/hello")])
        floor.run(3)  # warm up
        floor = Load(port=args.port, sessions=sessions, pages=[("hello world", "/bench/hello")])
        elapsed = floor.run(args.floor_duration)
        report(
            f"Floor: {len(sessions)} users, {elapsed:.0f} s of /bench/hello",
            floor,
            elapsed,
        )

        pages = [
            ("dashboard", f"/p/{slug}/actions/dashboard/"),
            ("action log", f"/p/{slug}/actions/"),
            ("meeting page", f"/p/{slug}/meetings/{seed['meeting']}/"),
            ("home (public)", "/"),
        ]
        load = Load(port=args.port, sessions=sessions, pages=pages)
        elapsed = load.run(args.duration)
        watch.stop.set()
        watch.thread.join()
        report(
            f"Pages: {len(sessions)} signed-in users, {elapsed:.0f} s, each page in turn",
            load,
            elapsed,
        )
        log = (tmp / "server.log").read_text(errors="replace")
        exhausted = log.count("too many clients")
        print(
            f"\nMost database connections at once: {watch.peak} of {max_connections}; "
            f"'too many clients' in the server log: {exhausted}; worker restarts: "
            f"{log.count('exited: worker')}"
        )
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    main()
