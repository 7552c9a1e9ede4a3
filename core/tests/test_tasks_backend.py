"""Tests run background tasks in-process; production uses the database queue."""

import os
import subprocess
import sys

from django.conf import settings
from django.tasks import task_backends


def test_tests_run_tasks_immediately():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"


def test_the_default_outside_tests_is_the_database_queue_worked_by_db_worker():
    # What a real process gets when TASKS_BACKEND is unset: the settings read afresh in a
    # process without it (conftest sets it for the test run, and pytest-xdist's workers
    # inherit that).
    env = {k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    backend = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert backend == "django_tasks_db.DatabaseBackend"
