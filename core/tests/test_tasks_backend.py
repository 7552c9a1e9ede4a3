"""Tests run background tasks in-process; production uses the database queue."""

from django.tasks import task_backends

import config.settings


def test_tests_run_tasks_immediately():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"


def test_the_default_outside_tests_is_the_database_queue_worked_by_db_worker():
    # config.settings was evaluated before conftest changed anything: this is what a real
    # process gets when TASKS_BACKEND is unset.
    assert config.settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
