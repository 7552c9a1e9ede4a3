"""Permission-matrix entries for the crime data pages."""

from core.testing.matrix import EVERYONE, FORBIDDEN, LOGIN, MEMBERS, NOT_FOUND, PARTNERS, Case
from crime.factories import CrimeImportFactory


def cases(world) -> dict[str, list[Case]]:
    slug = {"slug": world.slug}
    run = CrimeImportFactory(partnership=world.partnership, requested_by_name="Ann Analyst")
    invalid_upload = {
        "anonymous": LOGIN,
        "viewer": FORBIDDEN,
        "member": 400,
        "coordinator": 400,
        "other_coordinator": FORBIDDEN,
    }
    return {
        "crime:crime_data": [
            Case(kwargs=slug, expect=EVERYONE),
            Case(
                kwargs={"slug": "no-such-partnership"},
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                label="unknown slug",
            ),
        ],
        "crime:import_list": [Case(kwargs=slug, expect=PARTNERS)],
        "crime:upload": [
            Case(kwargs=slug, expect=MEMBERS),
            Case(kwargs=slug, expect=invalid_upload, method="post", label="no file"),
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
