"""Permission-matrix entries for the assessments app."""

from assessments.factories import (
    AssessmentFactory,
    EvidenceSnapshotFactory,
    PartnerMeasureFactory,
    sample_result,
)
from assessments.models import AssessmentStatus
from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    FORBIDDEN,
    MEMBERS,
    NOT_FOUND,
    PARTNERS,
    RECORD,
    REDIRECT,
    Case,
    hidden_by_visibility,
)

VISIBILITIES = ("public", "partners", "restricted")


def _records(world):
    p = world.partnership
    assessments, measures, snapshots = {}, {}, {}
    for vis in VISIBILITIES:
        assessments[vis] = AssessmentFactory(
            partnership=p,
            title=f"{vis.title()} assessment",
            visibility=vis,
            status=AssessmentStatus.DONE,
            result=sample_result(area_name=f"{vis.title()} Area"),
        )
        measures[vis] = PartnerMeasureFactory(
            partnership=p, name=f"{vis.title()} measure", visibility=vis
        )
        snapshots[vis] = EvidenceSnapshotFactory(
            partnership=p, title=f"{vis.title()} evidence", visibility=vis
        )
        if vis == "restricted":
            for record in (assessments[vis], measures[vis], snapshots[vis]):
                record.restricted_to.add(world.member_person)
    return assessments, measures, snapshots


def _by_visibility(world, records, **extra) -> list[Case]:
    return [
        Case(
            kwargs={"slug": world.slug, "pk": records[vis].pk, **extra},
            expect=RECORD[vis],
            label=vis,
        )
        for vis in VISIBILITIES
    ]


def cases(world) -> dict[str, list[Case]]:
    slug = {"slug": world.slug}
    assessments, measures, snapshots = _records(world)
    names = {v: a.title for v, a in assessments.items()}
    names.update({})
    failed = AssessmentFactory(
        partnership=world.partnership,
        title="Failed assessment",
        visibility="public",
        status=AssessmentStatus.FAILED,
        error="The background worker stopped",
    )
    return {
        "assessments:index": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden=hidden_by_visibility(
                    world,
                    {v: f"{names[v]}" if v != "public" else "" for v in VISIBILITIES},
                ),
            ),
            Case(
                kwargs=slug,
                expect=EVERYONE,
                label="evidence",
                hidden=hidden_by_visibility(world, {v: s.title for v, s in snapshots.items()}),
            ),
        ],
        "assessments:create": [Case(kwargs=slug, expect=MEMBERS)],
        "assessments:detail": _by_visibility(world, assessments),
        "assessments:download": [
            *_by_visibility(world, assessments, fmt="pdf"),
            *_by_visibility(world, assessments, fmt="docx"),
            *_by_visibility(world, assessments, fmt="json"),
        ],
        "assessments:table_csv": _by_visibility(world, assessments, table="categories"),
        "assessments:scoring": [Case(kwargs=slug, expect=PARTNERS)],
        "assessments:scoring_edit": [Case(kwargs=slug, expect=COORDINATORS)],
        "assessments:measures": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden=hidden_by_visibility(world, {v: m.name for v, m in measures.items()}),
            )
        ],
        "assessments:measures_upload": [Case(kwargs=slug, expect=MEMBERS)],
        "assessments:measure_edit": [
            Case(kwargs={**slug, "pk": measures["public"].pk}, expect=COORDINATORS)
        ],
        "assessments:snapshot_detail": _by_visibility(world, snapshots),
        "assessments:sub_areas": [
            Case(kwargs=slug, expect=EVERYONE),
            Case(kwargs=slug, expect=EVERYONE, query="category=burglary", label="a category"),
            Case(
                kwargs=slug,
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                query="category=no-such-category",
                label="unknown category",
            ),
        ],
        "assessments:retry": [
            Case(
                kwargs={**slug, "pk": failed.pk},
                method="post",
                expect={**MEMBERS, "member": REDIRECT, "coordinator": REDIRECT},
            ),
            Case(
                kwargs={"slug": world.other.slug, "pk": failed.pk},
                method="post",
                expect={
                    **MEMBERS,
                    "member": FORBIDDEN,
                    "coordinator": FORBIDDEN,
                    "other_coordinator": NOT_FOUND,
                },
                label="another partnership's assessment",
            ),
        ],
    }
