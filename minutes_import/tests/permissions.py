"""Permission-matrix entries for the minutes import: coordinators of the partnership only."""

from core.testing.matrix import COORDINATORS, NOT_FOUND, Case
from minutes_import.models import DraftStatus, MinutesDraft

POST_REFUSED = {**COORDINATORS, "coordinator": 400}  # an empty upload is refused


def cases(world) -> dict:
    draft = MinutesDraft.objects.create(
        partnership=world.partnership,
        filename="zebra-minutes.docx",
        sha256="0" * 64,
        status=DraftStatus.FAILED,
        error="Zebra could not be read",
    )
    other = MinutesDraft.objects.create(
        partnership=world.other, filename="other.docx", sha256="1" * 64, status=DraftStatus.FAILED
    )
    slug = world.slug
    return {
        "minutes_import:upload": [
            Case(kwargs={"slug": slug}, expect=COORDINATORS),
            Case(kwargs={"slug": slug}, expect=POST_REFUSED, method="post", label="post"),
        ],
        "minutes_import:draft_review": [
            Case(kwargs={"slug": slug, "pk": draft.pk}, expect=COORDINATORS),
            Case(
                kwargs={"slug": slug, "pk": other.pk},
                expect={**COORDINATORS, "coordinator": NOT_FOUND},
                label="another partnership's draft",
            ),
        ],
    }
