"""Every URL × every role: the status each must get, and what each must not see.

Apps declare their cases in `<app>/tests/permissions.py`. A URL with no entry fails the test,
so a new page cannot ship without deciding who may open it.
"""

import importlib
from collections import Counter, defaultdict

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.testing.canaries import (
    build_canaries,
    canary_cases,
    forbidden_canaries,
    response_text,
)
from core.testing.matrix import LOGIN

IGNORED_NAMESPACES = {"admin"}
# Formats in which the canary scan must find (for the coordinator) at least one canary.
SCANNED_FORMATS = (
    "text/html",
    "text/csv",
    "text/calendar",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/rss+xml",
    "application/atom+xml",
)


def _url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names |= _url_names(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def _all_cases(world) -> dict:
    collected = {}
    for app in settings.LOCAL_APPS:
        try:
            module = importlib.import_module(f"{app}.tests.permissions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.tests.permissions" and exc.name != f"{app}.tests":
                raise
            continue
        for name, cases in module.cases(world).items():
            assert name not in collected, f"{name} has entries in two apps"
            collected[name] = cases
    return collected


@pytest.mark.django_db
def test_every_url_has_a_permission_matrix_entry(world):
    missing = sorted(_url_names() - set(_all_cases(world)))
    assert not missing, f"URLs with no permission-matrix entry: {missing}"


@pytest.mark.django_db
def test_matrix_names_only_real_urls(world):
    unknown = sorted(set(_all_cases(world)) - _url_names())
    assert not unknown, f"Permission-matrix entries for URLs that do not exist: {unknown}"


def _cases_with_canaries(world) -> dict:
    build_canaries(world)
    collected = _all_cases(world)
    for name, cases in canary_cases(world).items():
        collected[name] = [*collected.get(name, []), *cases]
    return collected


@pytest.mark.django_db
def test_every_url_gives_each_role_the_expected_status(world):
    """Each role gets its status, and no response names a record the role may not read.

    Canary records of every kind, partners-only and restricted, are pointed at by public
    records; every 200 response (HTML, CSV, XLSX, DOCX, PDF, ICS, JSON) is scanned for the
    names of the canaries the role may not see. Every canary must show up in some
    coordinator response, in each kind of file, so that the scan is known to be able to see it.
    """
    failures = []
    scanned: Counter = Counter()
    requested = 0
    urls_scanned: set[str] = set()
    coordinator_saw: dict[str, set] = defaultdict(set)
    for name, cases in sorted(_cases_with_canaries(world).items()):
        for case in cases:
            url = reverse(name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
            for role, expected in case.expect.items():
                c = Client()
                headers = case.headers_by_role.get(role)
                if world.users[role] is not None and headers is None:
                    c.force_login(world.users[role])
                response = getattr(c, case.method)(url, case.data, headers=headers or {})
                requested += 1
                got = response.status_code
                if expected == LOGIN:
                    ok = got == 302 and "/account/sign-in/" in response["Location"]
                else:
                    ok = got == expected
                where = f"{name} [{case.label or case.method}] as {role}"
                if not ok:
                    failures.append(f"{where}: expected {expected}, got {got}")
                    continue
                if got != 200:
                    continue
                text = response_text(response)
                kind = response.get("Content-Type", "").split(";")[0]
                scanned[kind] += 1
                urls_scanned.add(name)
                if role == "coordinator":
                    coordinator_saw[kind] |= {
                        c for c in forbidden_canaries("anonymous") if c in text
                    }
                for secret in case.hidden.get(role, []):
                    if secret and secret in text:
                        failures.append(f"{where}: shows {secret!r}, which it must not")
                leaked = [c for c in forbidden_canaries(role) if c in text]
                if leaked:
                    failures.append(f"{url} as {role}: names {', '.join(leaked)}")
    print(
        f"{requested} requests; scanned {scanned.total()} responses with status 200 on "
        f"{len(urls_scanned)} URL names for canaries: {dict(scanned)}"
    )
    unseen = set(forbidden_canaries("anonymous")) - set().union(*coordinator_saw.values())
    if unseen:
        failures.append(f"Canaries no coordinator response shows: {sorted(unseen)}")
    for kind in SCANNED_FORMATS:
        if not coordinator_saw.get(kind):
            failures.append(f"No {kind} response showed the coordinator any canary")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
