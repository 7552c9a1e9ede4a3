"""Permission-matrix entries for the crime data pages."""

from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    FORBIDDEN,
    LOGIN,
    MEMBERS,
    NOT_FOUND,
    PARTNERS,
    REDIRECT,
    Case,
)
from crime.factories import CrimeImportFactory, WardLookupFactory
from crime.models import ImportStatus


def cases(world) -> dict[str, list[Case]]:
    slug = {"slug": world.slug}
    WardLookupFactory(partnership=world.partnership, loaded_by_name="Walter Wardloader")
    run = CrimeImportFactory(partnership=world.partnership, requested_by_name="Ann Analyst")
    other_slug = {"slug": world.other.slug}
    # Two partnerships, a write from each: partnership B's own import waiting for confirmation.
    held = CrimeImportFactory(
        partnership=world.partnership, status=ImportStatus.CHECK, requested_by_name="Ann Analyst"
    )
    other_held = CrimeImportFactory(
        partnership=world.other,
        status=ImportStatus.CHECK,
        requested_by_name="Bea Other-Analyst",
        source_name="partnership-b-secret-upload.zip",
    )
    only_b = {
        "anonymous": LOGIN,
        "viewer": FORBIDDEN,
        "member": FORBIDDEN,
        "coordinator": FORBIDDEN,
        "other_coordinator": 400,
    }
    invalid_upload = {
        "anonymous": LOGIN,
        "viewer": FORBIDDEN,
        "member": 400,
        "coordinator": 400,
        "other_coordinator": FORBIDDEN,
    }
    return {
        "crime:crime_data": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={r: ["Walter Wardloader"] for r in ("anonymous", "other_coordinator")},
            ),
            Case(
                kwargs={"slug": "no-such-partnership"},
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                label="unknown slug",
            ),
        ],
        "crime:hotspots": [
            Case(kwargs={**slug, "category": "burglary"}, expect=EVERYONE),
            Case(
                kwargs={**slug, "category": "no-such-category"},
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                label="unknown category",
            ),
        ],
        "crime:import_list": [
            Case(
                kwargs=slug,
                expect=PARTNERS,
                hidden={
                    role: ["Bea Other-Analyst", "partnership-b-secret-upload.zip"]
                    for role in ("viewer", "member", "coordinator")
                },
            ),
            Case(
                kwargs=other_slug,
                expect={
                    **dict.fromkeys(PARTNERS, FORBIDDEN),
                    "anonymous": LOGIN,
                    "other_coordinator": 200,
                },
                hidden={"other_coordinator": ["Ann Analyst"]},
                label="partnership B's log",
            ),
        ],
        "crime:upload": [
            Case(kwargs=slug, expect=MEMBERS),
            Case(kwargs=slug, expect=invalid_upload, method="post", label="no file"),
            Case(kwargs=other_slug, expect=only_b, method="post", label="B writes to B"),
        ],
        "crime:upload_decide": [
            Case(
                kwargs={**slug, "pk": held.pk},
                method="post",
                data={"action": "confirm"},  # without the tick box: changes nothing
                expect={**MEMBERS, "member": REDIRECT, "coordinator": REDIRECT},
                label="A decides on A's import",
            ),
            Case(
                kwargs={**other_slug, "pk": other_held.pk},
                method="post",
                data={"action": "confirm"},
                expect={**only_b, "other_coordinator": REDIRECT},
                label="B decides on B's import",
            ),
            Case(
                kwargs={**other_slug, "pk": held.pk},
                method="post",
                data={"action": "cancel"},
                expect={**only_b, "other_coordinator": NOT_FOUND},
                label="B cannot decide on A's import",
            ),
        ],
        "crime:ward_lookup_upload": [
            Case(kwargs=slug, expect=COORDINATORS),
            Case(
                kwargs=slug,
                method="post",
                expect={**COORDINATORS, "coordinator": 400},
                label="no file",
            ),
            Case(kwargs=other_slug, expect=only_b, method="post", label="B writes to B"),
        ],
        "crime:upload_status": [
            Case(kwargs={**slug, "pk": run.pk}, expect=MEMBERS),
            Case(
                kwargs={"slug": world.other.slug, "pk": run.pk},
                expect={
                    **MEMBERS,
                    "member": FORBIDDEN,
                    "coordinator": FORBIDDEN,
                    "other_coordinator": NOT_FOUND,
                },
                label="another partnership's import",
            ),
        ],
    }
