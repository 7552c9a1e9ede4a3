"""Fixtures of the minutes import: the demo register (no meetings), and a coordinator."""

import os

import pytest

from minutes_import.tests import documents


@pytest.fixture
def register(db):
    """The demo partnership's register and groups only, as a partnership adopting CSP Hub has."""
    from partnership import demo

    return demo.load()


@pytest.fixture
def coordinator(register):
    from accounts.factories import RoleFactory, UserFactory
    from accounts.models import RoleName

    user = UserFactory()
    RoleFactory(user=user, partnership=register, role=RoleName.COORDINATOR)
    return user


@pytest.fixture
def seed_docx():
    if not documents.SEED_002.exists():
        # CI lays shared/ beside the checkout, so there the seed must be found.
        if os.environ.get("CI"):
            pytest.fail(f"seed 002 is not at {documents.SEED_002} (set CSPHUB_SEEDS)")
        pytest.skip(f"seed 002 is not at {documents.SEED_002} (set CSPHUB_SEEDS)")
    return documents.seed_002_docx()
