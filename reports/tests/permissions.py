"""Permission-matrix entries for reports."""

import datetime as dt

from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    RECORD,
    Case,
    hidden_by_visibility,
)
from plan.factories import PlanFactory, PriorityFactory
from reports.factories import QuestionFactory, SessionFactory
from reports.services import (
    annual_report_draft,
    answer_link_accept,
    board_report_draft,
    board_report_issue,
    recommendation_add,
)

VIS = ("public", "partners", "restricted")
POST_COORDINATORS = {**COORDINATORS, "coordinator": 302}
DRAFT = {
    "anonymous": NOT_FOUND,
    "viewer": NOT_FOUND,
    "member": NOT_FOUND,
    "coordinator": OK,
    "other_coordinator": NOT_FOUND,
}

NO_SUCH = dict.fromkeys(DRAFT, NOT_FOUND)


def build(world) -> dict:
    """A session of each visibility; the public one's question links a priority of each."""
    if "reports" in world.extra:
        return world.extra["reports"]
    p = world.partnership
    sessions = {
        v: SessionFactory(
            partnership=p, title=f"{v.title()} Session", visibility=v, date=dt.date(2011, 3, 14 + i)
        )
        for i, v in enumerate(VIS)
    }
    sessions["restricted"].restricted_to.add(world.member_person)
    question = QuestionFactory(session=sessions["public"], number=1, text="What about CCTV?")
    priorities = {
        v: PriorityFactory(partnership=p, name=f"{v.title()} Scrutinised Priority", visibility=v)
        for v in VIS
    }
    priorities["restricted"].restricted_to.add(world.member_person)
    for v in VIS:
        link = answer_link_accept(question=question, kind="priority", object_id=priorities[v].pk)
    rec = recommendation_add(
        session=sessions["public"],
        text="Publish the priorities",
        addressed_to=[world.bodies["public"]],
        response_due=dt.date(2011, 6, 1),
    )
    from meetings.models import Decision

    Decision.objects.create(
        partnership=p,
        title="Partners Board Decision",
        made_on=dt.date(2010, 11, 1),
        visibility="partners",
    )
    draft = board_report_draft(partnership=p, quarter="2010-Q3", narrative="Draft Narrative")
    issued = board_report_issue(
        report=board_report_draft(partnership=p, quarter="2010-Q2"), on=dt.date(2010, 10, 5)
    )
    annual_draft = annual_report_draft(partnership=p, year="2011", narrative="Draft Narrative")
    annual = board_report_issue(
        report=annual_report_draft(partnership=p, year="2010"), on=dt.date(2011, 5, 1)
    )
    plans = {
        v: PlanFactory(
            partnership=p, year=2040 + i, title=f"{v.title()} Documented Plan", visibility=v
        )
        for i, v in enumerate(VIS)
    }
    plans["restricted"].restricted_to.add(world.member_person)
    built = {
        "plans": plans,
        "annual_draft": annual_draft,
        "annual": annual,
        "draft": draft,
        "issued": issued,
        "sessions": sessions,
        "question": question,
        "priorities": priorities,
        "link": link,
        "rec": rec,
    }
    world.extra["reports"] = built
    return built


def cases(world) -> dict[str, list[Case]]:
    b = build(world)
    slug = {"slug": world.slug}
    public = {**slug, "pk": b["sessions"]["public"].pk}
    q = {**slug, "pk": b["question"].pk}
    session_hidden = hidden_by_visibility(world, {v: s.title for v, s in b["sessions"].items()})
    priority_hidden = hidden_by_visibility(world, {v: p.name for v, p in b["priorities"].items()})
    by_vis = [
        Case(kwargs={**slug, "pk": b["sessions"][v].pk}, expect=RECORD[v], label=v) for v in VIS
    ]
    by_vis[0].hidden = priority_hidden
    outputs = [Case(kwargs=public, expect=EVERYONE, label="public")] + [
        Case(kwargs={**slug, "pk": b["sessions"][v].pk}, expect=RECORD[v], label=v) for v in VIS[1:]
    ]
    plan_cases = [
        Case(kwargs={**slug, "pk": b["plans"][v].pk}, expect=RECORD[v], label=v) for v in VIS
    ]
    return {
        "reports:session_list": [Case(kwargs=slug, expect=EVERYONE, hidden=session_hidden)],
        "reports:session_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "reports:session_detail": by_vis,
        "reports:pack_docx": outputs,
        "reports:pack_pdf": outputs,
        "reports:witness_add": [Case(kwargs=public, expect=COORDINATORS)],
        "reports:question_add": [Case(kwargs=public, expect=COORDINATORS)],
        "reports:recommendation_add": [Case(kwargs=public, expect=COORDINATORS)],
        "reports:question_links": [Case(kwargs=q, expect=COORDINATORS)],
        "reports:question_answer": [Case(kwargs=q, expect=COORDINATORS)],
        "reports:link_add": [Case(kwargs=q, expect=COORDINATORS)],
        "reports:link_decide": [
            Case(
                kwargs={**slug, "pk": b["link"].pk},
                expect={**POST_COORDINATORS},
                method="post",
                data={"decision": "accept"},
            ),
            Case(
                kwargs={**slug, "pk": b["link"].pk},
                expect={**COORDINATORS, "coordinator": NOT_ALLOWED},
                label="get",
            ),
        ],
        "reports:compliance": [Case(kwargs=slug, expect=EVERYONE, hidden=session_hidden)],
        "reports:plan_sent_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "reports:data_receipt_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "reports:compliance_ics": [Case(kwargs=slug, expect=EVERYONE, hidden=session_hidden)],
        "reports:board_list": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={
                    r: ['version 1</a> <span class="govuk-hint">Draft']
                    for r in ("anonymous", "viewer", "member", "other_coordinator")
                },
            )
        ],
        "reports:board_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "reports:board_detail": [
            Case(kwargs={**slug, "pk": b["issued"].pk}, expect=EVERYONE, label="issued"),
            Case(
                kwargs={**slug, "pk": b["draft"].pk},
                expect=DRAFT,
                label="draft",
                hidden={"anonymous": ["Partners Board Decision"]},
            ),
        ],
        "reports:board_docx": [
            Case(kwargs={**slug, "pk": b["issued"].pk}, expect=EVERYONE, label="issued"),
            Case(kwargs={**slug, "pk": b["draft"].pk}, expect=DRAFT, label="draft"),
        ],
        "reports:board_pdf": [
            Case(kwargs={**slug, "pk": b["issued"].pk}, expect=EVERYONE, label="issued"),
            Case(kwargs={**slug, "pk": b["draft"].pk}, expect=DRAFT, label="draft"),
        ],
        "reports:board_edit": [Case(kwargs={**slug, "pk": b["draft"].pk}, expect=COORDINATORS)],
        "reports:board_issue": [
            Case(kwargs={**slug, "pk": b["issued"].pk}, expect=POST_COORDINATORS, method="post")
        ],
        "reports:annual_list": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={
                    r: ['version 1</a> <span class="govuk-hint">Draft']
                    for r in ("anonymous", "viewer", "member", "other_coordinator")
                },
            )
        ],
        "reports:annual_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "reports:annual_detail": [
            Case(
                kwargs={**slug, "pk": b["annual"].pk},
                expect=EVERYONE,
                label="issued",
                hidden={"anonymous": ["Partners Board Decision"]},
            ),
            Case(kwargs={**slug, "pk": b["annual_draft"].pk}, expect=DRAFT, label="draft"),
            Case(kwargs={**slug, "pk": b["issued"].pk}, expect=NO_SUCH, label="a board update"),
        ],
        "reports:annual_docx": [
            Case(
                kwargs={**slug, "pk": b["annual"].pk},
                expect=EVERYONE,
                label="issued",
                hidden={"anonymous": ["Partners Board Decision"]},
            ),
            Case(kwargs={**slug, "pk": b["annual_draft"].pk}, expect=DRAFT, label="draft"),
        ],
        "reports:annual_pdf": [
            Case(
                kwargs={**slug, "pk": b["annual"].pk},
                expect=EVERYONE,
                label="issued",
                hidden={"anonymous": ["Partners Board Decision"]},
            ),
            Case(kwargs={**slug, "pk": b["annual_draft"].pk}, expect=DRAFT, label="draft"),
        ],
        "reports:annual_edit": [
            Case(kwargs={**slug, "pk": b["annual_draft"].pk}, expect=COORDINATORS)
        ],
        "reports:annual_issue": [
            Case(kwargs={**slug, "pk": b["annual"].pk}, expect=POST_COORDINATORS, method="post")
        ],
        "reports:plan_document": plan_cases,
        "reports:plan_docx": plan_cases,
        "reports:plan_pdf": plan_cases,
        "reports:tracker": [
            Case(kwargs=slug, expect=EVERYONE, hidden={"anonymous": ["Partners Session"]})
        ],
        "reports:recommendation_respond": [
            Case(kwargs={**slug, "pk": b["rec"].pk}, expect=COORDINATORS)
        ],
        "reports:copy_record": [Case(kwargs={**slug, "pk": b["rec"].pk}, expect=COORDINATORS)],
    }
