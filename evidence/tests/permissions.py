"""Permission-matrix entries for the partner evidence pages."""

from core.testing.matrix import (
    EVERYONE,
    FORBIDDEN,
    LOGIN,
    MEMBERS,
    NOT_FOUND,
    RECORD,
    Case,
    hidden_by_visibility,
)
from evidence.factories import DatasetLoadFactory, PartnerDatasetFactory

VISIBILITIES = ("public", "partners", "restricted")


def cases(world) -> dict[str, list[Case]]:
    slug = {"slug": world.slug}
    datasets = {}
    for vis in VISIBILITIES:
        datasets[vis] = PartnerDatasetFactory(
            partnership=world.partnership, title=f"{vis.title()} partner dataset", visibility=vis
        )
        DatasetLoadFactory(
            dataset=datasets[vis],
            source_name=f"{vis}-partner-file.csv",
            uploaded_by_name="Ann Analyst",
            total=2,
        )
        if vis == "restricted":
            datasets[vis].restricted_to.add(world.member_person)
    other = PartnerDatasetFactory(
        partnership=world.other, title="Partnership B dataset", visibility="public"
    )
    names = {v: d.title for v, d in datasets.items()}
    members_only = {
        "anonymous": LOGIN,
        "viewer": FORBIDDEN,
        "member": 400,
        "coordinator": 400,
        "other_coordinator": FORBIDDEN,
    }
    by_visibility = {
        vis: {
            **MEMBERS,
            "member": 200,
            "coordinator": 200,
        }
        for vis in VISIBILITIES
    }
    return {
        "evidence:index": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={
                    **hidden_by_visibility(world, names),
                    "coordinator": ["Partnership B dataset"],
                },
            ),
        ],
        "evidence:declare": [
            Case(kwargs=slug, expect=MEMBERS),
            Case(kwargs=slug, expect=MEMBERS, query="template=police-domestic-abuse-crimes"),
            Case(kwargs=slug, expect=members_only, method="post", label="empty form"),
        ],
        "evidence:template_csv": [
            Case(kwargs={**slug, "key": "ambulance-assault-call-outs"}, expect=EVERYONE),
            Case(
                kwargs={**slug, "key": "no-such-template"},
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                label="unknown template",
            ),
        ],
        "evidence:road_upload": [
            Case(kwargs=slug, expect=MEMBERS),
            Case(kwargs=slug, expect=members_only, method="post", label="no files"),
        ],
        "evidence:detail": [
            *(
                Case(
                    kwargs={**slug, "pk": datasets[vis].pk},
                    expect=RECORD[vis],
                    label=vis,
                    # The public see who loaded a file only as "a partner" (never the name).
                    hidden={"anonymous": ["Ann Analyst"]} if vis == "public" else {},
                )
                for vis in VISIBILITIES
            ),
            Case(
                kwargs={**slug, "pk": other.pk},
                expect=dict.fromkeys(EVERYONE, NOT_FOUND),
                label="another partnership's dataset",
            ),
        ],
        "evidence:upload": [
            Case(kwargs={**slug, "pk": datasets["public"].pk}, expect=by_visibility["public"]),
            Case(
                kwargs={**slug, "pk": datasets["restricted"].pk},
                expect=by_visibility["restricted"],
                label="restricted, naming the member",
            ),
            Case(
                kwargs={**slug, "pk": datasets["public"].pk},
                expect=members_only,
                method="post",
                label="no file",
            ),
        ],
    }
