"""The governance fixtures are shared with the meetings tests."""

from meetings.tests.conftest import demo, gov  # noqa: F401
