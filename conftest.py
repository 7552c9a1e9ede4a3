"""Project-wide pytest fixtures: the role users' world and a client signed in as each role."""

import os

# Tasks run in-process in tests unless a test starts a real worker itself. pytest-django has
# already loaded the settings when this file is read, so the setting is changed in
# pytest_configure; the variable is for subprocesses (management commands under test).
os.environ.setdefault("TASKS_BACKEND", "immediate")

import pytest  # noqa: E402


def pytest_configure(config):
    from django.conf import settings

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # The permission matrix and schemathesis send hundreds of API requests from one address;
    # api/tests/test_api.py sets low rates where it tests the limit itself.
    settings.API_RATES = {"anonymous": "100000/minute", "token": "100000/minute"}


@pytest.fixture
def world(db):
    """Two partnerships, one user per role and one record of each visibility."""
    from core.testing.world import build_world

    return build_world()


@pytest.fixture
def client_for(client, world):
    """Return a test client signed in as the named role ("anonymous" is signed out)."""
    from django.test import Client

    def make(role: str) -> Client:
        c = Client()
        user = world.users[role]
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords quickly; production keeps Django's default (PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
