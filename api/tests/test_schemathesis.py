"""schemathesis against the OpenAPI document: no 5xx and every response as documented.

The app is called in-process (WSGI) over the demo partnership, the path's partnership fixed to
it so the cases reach real records; examples per operation are few so the run stays short.
"""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.docs import openapi_document
from api.services import token_create

pytestmark = pytest.mark.django_db
EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _document(slug: str) -> dict:
    raw = json.loads(json.dumps(openapi_document(), default=str))
    for operations in raw["paths"].values():
        for op in operations.values():
            for param in op.get("parameters", []):
                if param["name"] == "slug":
                    param["schema"] = {"type": "string", "enum": [slug]}
    return raw


@pytest.fixture
def _keep_the_test_connection():
    """The app is called as WSGI, not through Django's test client, so do what the client does:
    keep Django from closing the connection at each request's end. On PostgreSQL the test runs
    inside a transaction (autocommit off), which close_old_connections takes as unusable."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_every_operation_conforms_to_the_document():
    call_command("load_demo", verbosity=0)
    from accounts.models import Role
    from partnership.models import Partnership

    partnership = Partnership.objects.get(slug="safer-maidstone")
    coordinator = Role.objects.filter(partnership=partnership, role="coordinator").first().user
    headers = {"Authorization": f"Bearer {token_create(user=coordinator, name='Fuzz').token}"}
    schema = schemathesis.openapi.from_dict(_document(partnership.slug))
    schema.app = get_wsgi_application()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 17
    calls = []
    for operation in operations:
        for extra in ({}, headers):
            _fuzz(operation, extra, calls)
    assert len(calls) >= 2 * len(operations)


def _fuzz(operation, headers: dict, calls: list) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        calls.append(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

    check()
