"""Production mode end to end: the path `make serve` takes, run for real.

With CSPHUB_ENV=production, DEBUG off, a real SECRET_KEY and ALLOWED_HOSTS, the module migrates a
throwaway database (a temporary SQLite file, or a database created and dropped on DATABASE_URL's
PostgreSQL server), loads the demo, runs collectstatic into a temporary STATIC_ROOT and starts
supervisord with the same configuration `make serve` uses (gunicorn plus the task worker) on a
free loopback port. Requests carry `X-Forwarded-Proto: https`, as from a TLS proxy.
"""

import configparser
import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
SUPERVISORD_SERVE = ROOT / "scripts" / "supervisord" / "serve.conf"
_NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "CSPHUB_ENV",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "TASKS_BACKEND",
    "DATABASE_URL",
    "STATIC_ROOT",
}
SECRET = "p9$production-end-to-end-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> None:
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


class _PostgresDatabase:
    """A throwaway database on DATABASE_URL's server, created and dropped by this module."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.psycopg = psycopg
        self.base = url.rsplit("/", 1)[0]
        self.name = f"csphub_e2e_{uuid.uuid4().hex[:10]}"
        self.admin = f"{self.base}/postgres"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.url = f"{self.base}/{self.name}"

    def drop(self) -> None:
        with self.psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Serve the demo in production mode; yield (port, supervisord process)."""
    tmp = tmp_path_factory.mktemp("production")
    suite_db = os.environ.get("DATABASE_URL", "")
    pg = _PostgresDatabase(suite_db) if suite_db.startswith(("postgres", "postgresql")) else None
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        {
            "CSPHUB_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": pg.url if pg else f"sqlite:///{tmp / 'db.sqlite3'}",
            "STATIC_ROOT": str(tmp / "static"),
            "CSPHUB_DATA_DIR": str(tmp / "data"),
            "MEDIA_ROOT": str(tmp / "media"),
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "WEB_THREADS": "2",
        }
    )
    proc = None
    try:
        manage = [sys.executable, "manage.py"]
        _run([*manage, "migrate", "--no-input", "-v0"], env)
        _run([*manage, "collectstatic", "--no-input", "-v0"], env)
        _run([*manage, "load_demo"], env)
        proc = subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "-n", "-c", str(SUPERVISORD_SERVE)]
            + ["-j", str(tmp / "supervisord.pid"), "-l", str(tmp / "supervisord.log")],
            cwd=ROOT,
            env=env,
            stdout=open(tmp / "out.log", "wb"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "/static/core/favicon.svg")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp / "out.log").read_text()) from None
                time.sleep(0.5)
        yield port, proc
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        if pg:
            pg.drop()


def _request(
    port: int, method: str, path: str, body: str = "", headers: dict | None = None
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https", **(headers or {})}
    if body:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body or None, headers=sent)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def _get(port: int, path: str, cookies: str = "") -> http.client.HTTPResponse:
    return _request(port, "GET", path, headers={"Cookie": cookies} if cookies else {})


def _set_cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    """Each Set-Cookie header by cookie name (the whole header, attributes included)."""
    return {h.split("=", 1)[0]: h for h in response.headers.get_all("Set-Cookie") or []}


def _assert_secure_headers(response: http.client.HTTPResponse) -> None:
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/p/safer-maidstone/",
        "/p/safer-maidstone/meetings/",
        "/account/sign-in/",
    ],
)
def test_production_pages_answer_200_with_hsts_and_csp_behind_a_tls_proxy(server, path):
    port, _ = server
    response = _get(port, path)
    assert response.status == 200, response.body[:2000]
    _assert_secure_headers(response)


def test_stylesheet_and_every_asset_it_refers_to_are_served(server):
    port, _ = server
    page = _get(port, "/").body.decode()
    css_url = re.search(r'href="(/static/core/css/main\.[0-9a-f]+\.css)"', page).group(1)
    css = _get(port, css_url)
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    referenced = set(re.findall(r"url\(\"?([^\")]+)\"?\)", css.body.decode()))
    assert referenced, "main.css refers to GOV.UK Frontend's images"
    base = css_url.rsplit("/", 1)[0]
    for ref in referenced:
        if ref.startswith("data:"):
            continue
        path = ref if ref.startswith("/") else os.path.normpath(f"{base}/{ref}")
        assert _get(port, path).status == 200, path


def test_plain_http_without_the_proxy_header_is_redirected_to_https(server):
    port, _ = server
    response = _request(port, "GET", "/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{port}/"


def test_sign_in_sets_secure_csrf_and_session_cookies(server):
    port, _ = server
    form = _get(port, "/account/sign-in/")
    cookies = _set_cookies(form)
    assert "Secure" in cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body.decode()).group(1)
    csrf_cookie = SimpleCookie(cookies["csrftoken"])["csrftoken"].value
    response = _request(
        port,
        "POST",
        "/account/sign-in/",
        body=urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "coordinator@example.org",
                "password": "csphub-demo",
            }
        ),
        headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": f"https://127.0.0.1:{port}",
            "Referer": f"https://127.0.0.1:{port}/account/sign-in/",
        },
    )
    assert response.status == 302, response.body[:2000]
    session = _set_cookies(response)["sessionid"]
    assert "Secure" in session and "HttpOnly" in session
    _assert_secure_headers(response)
    session_value = SimpleCookie(session)["sessionid"].value
    signed_in = _get(port, "/account/", cookies=f"sessionid={session_value}")
    assert signed_in.status == 200
    assert b"Sign out" in signed_in.body


def test_the_task_worker_is_restarted_when_it_exits(server):
    _, proc = server

    def worker_pids() -> set[int]:
        pids = set()
        for child in psutil.Process(proc.pid).children():
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "db_worker" in child.cmdline():
                    pids.add(child.pid)
            except psutil.Error:
                continue  # exited (or not yet reaped) while we looked
        return pids

    deadline = time.monotonic() + 30
    while not (before := worker_pids()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(before) == 1
    psutil.Process(next(iter(before))).kill()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = worker_pids()
        if after and after != before:
            break
        time.sleep(0.5)
    assert after and after.isdisjoint(before), "the worker was not restarted"


def test_the_scheduler_runs_beside_the_worker_and_records_its_baselines(server):
    _, proc = server

    def scheduler_pids() -> set[int]:
        pids = set()
        for child in psutil.Process(proc.pid).children():
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "scheduler" in child.cmdline():
                    pids.add(child.pid)
            except psutil.Error:
                continue
        return pids

    deadline = time.monotonic() + 30
    while not scheduler_pids() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(scheduler_pids()) == 1, "supervisord runs one scheduler"


@pytest.mark.parametrize("conf", ["serve.conf", "run.conf"])
def test_the_supervised_worker_exits_on_a_database_error_so_it_is_restarted(conf, tmp_path):
    # "too many clients" reaches the worker as an OperationalError on connect, as a refused
    # connection does. Under the autoreloader the worker thread died and the process lived on,
    # idle, so nothing restarted it; as supervisord runs it, the process ends.
    parser = configparser.RawConfigParser()
    parser.read(ROOT / "scripts" / "supervisord" / conf)
    here = str(SUPERVISORD_SERVE.parent)
    command = shlex.split(parser["program:worker"]["command"].replace("%(here)s", here))
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update({"DEBUG": "true", "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_free_port()}/x"})
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "OperationalError" in result.stderr
    assert parser["program:worker"]["autorestart"] == "true"
    assert parser["program:worker"]["startsecs"] == "0"


def test_a_bad_proxy_ssl_header_names_its_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_pair

    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO")
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER must be two values"):
        env_pair("SECURE_PROXY_SSL_HEADER", None)
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "off")
    assert env_pair("SECURE_PROXY_SSL_HEADER", ("A", "b")) is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "None"),
        ({"PROXY_COUNT": "1"}, "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"PROXY_COUNT": "1", "SECURE_PROXY_SSL_HEADER": "off"}, "None"),
        ({"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_SSL,on"}, "('HTTP_X_FORWARDED_SSL', 'on')"),
    ],
)
def test_the_proxy_header_is_trusted_only_when_a_proxy_is_declared(env, expected):
    # A client could send X-Forwarded-Proto itself: without a declared proxy it is ignored.
    clean = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED | {"PROXY_COUNT"}}
    clean.update({"CSPHUB_ENV": "production", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "x", **env})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == expected, result.stderr
