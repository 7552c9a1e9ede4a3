"""Settings come from the environment; bad values name their variable; production is secure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
_NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "CSPHUB_ENV",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "TASKS_BACKEND",
}
PRODUCTION_ENV = {
    "CSPHUB_ENV": "production",
    "SECRET_KEY": "x7!kq2-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "csphub.example.org",
    "DATABASE_URL": "sqlite:////tmp/csphub-deploy-check.sqlite3",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The subprocess sees only the variables under test, not those the test run set for itself
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    clean = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_names_its_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false, not 'perhaps'"):
        env_bool("DEBUG", default=False)


def test_a_bad_number_names_its_variable(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        env_int("CONN_MAX_AGE", 0)


def test_a_bad_choice_names_its_variable_and_the_choices(monkeypatch):
    monkeypatch.setenv("TASKS_BACKEND", "threads")
    with pytest.raises(
        ImproperlyConfigured, match="TASKS_BACKEND must be one of database, immediate"
    ):
        env_choice("TASKS_BACKEND", "database", {"database", "immediate"})


def test_lists_are_comma_separated_without_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example.org, ,b.example.org")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example.org", "b.example.org"]


def test_a_bad_setting_stops_manage_py_with_the_variable_named():
    result = _manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_pages_carry_security_headers_and_a_script_nonce(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
