"""Permission-matrix entries for the partnership plan."""

from core.testing.matrix import COORDINATORS, EVERYONE, RECORD, Case, hidden_by_visibility
from plan.factories import MeasureFactory, ObjectiveFactory, PlanFactory, PriorityFactory


def _restrict(records, world):
    records["restricted"].restricted_to.add(world.member_person)
    return records


def build(world) -> dict:
    """One plan, priority, objective and measure of each visibility in partnership A."""
    if "plan" in world.extra:
        return world.extra["plan"]
    p = world.partnership
    plans = _restrict(
        {
            vis: PlanFactory(
                partnership=p, year=2010 + i, title=f"{vis.title()} Plan", visibility=vis
            )
            for i, vis in enumerate(("public", "partners", "restricted"))
        },
        world,
    )
    priorities = _restrict(
        {
            vis: PriorityFactory(partnership=p, name=f"{vis.title()} Priority", visibility=vis)
            for vis in ("public", "partners", "restricted")
        },
        world,
    )
    objectives = _restrict(
        {
            vis: ObjectiveFactory(
                plan=plans["public"], title=f"{vis.title()} Objective", visibility=vis
            )
            for vis in ("public", "partners", "restricted")
        },
        world,
    )
    measures = _restrict(
        {
            vis: MeasureFactory(
                plan=plans["public"],
                name=f"{vis.title()} Measure",
                visibility=vis,
                priority=priorities["public"],
            )
            for vis in ("public", "partners", "restricted")
        },
        world,
    )
    for o in objectives.values():
        o.priorities.add(priorities["public"])
    years = _years(world, priorities)
    built = {
        "plans": plans,
        "priorities": priorities,
        "objectives": objectives,
        "measures": measures,
        "actions": _tagged_actions(world, priorities["public"]),
        "years": years,
    }
    world.extra["plan"] = built
    return built


def _years(world, priorities) -> dict:
    """Priorities across years: 2010/11 priorities of each visibility, what became of them in
    2011/12 (the public one merged into the restricted priority, on restricted evidence), and a
    set note of each visibility."""
    from assessments.factories import EvidenceSnapshotFactory
    from plan.services import priority_outcome_record, priority_set_record

    p = world.partnership
    earlier = _restrict(
        {
            vis: PriorityFactory(
                partnership=p, year=2010, name=f"{vis.title()} Earlier Priority", visibility=vis
            )
            for vis in ("public", "partners", "restricted")
        },
        world,
    )
    evidence = _restrict(
        {
            vis: EvidenceSnapshotFactory(
                partnership=p, title=f"{vis.title()} Outcome Evidence", visibility=vis
            )
            for vis in ("partners", "restricted")
        },
        world,
    )
    for vis in ("public", "partners", "restricted"):
        priority_outcome_record(
            earlier=earlier[vis],
            outcome="merged",
            successor=priorities["restricted" if vis == "public" else "public"],
            reason=f"{vis.title()} Outcome Reason",
            evidence=evidence["restricted" if vis == "public" else vis],
        )
    sets = {}
    for year, vis in ((2010, "public"), (2011, "partners"), (2012, "restricted")):
        sets[vis] = priority_set_record(
            partnership=p, year=year, note=f"{vis.title()} Set Note", visibility=vis
        )
    _restrict(sets, world)
    return {"earlier": earlier, "evidence": evidence, "sets": sets}


def _tagged_actions(world, priority) -> dict:
    """One action of each visibility, raised at a public meeting and tagged with the priority."""
    import datetime as dt

    from actions.services import action_create
    from meetings.services import meeting_create
    from plan.services import action_link_set

    meeting = meeting_create(
        partnership=world.partnership, group=world.groups["public"], date=dt.date(2011, 2, 24)
    )
    actions = {}
    for vis in ("public", "partners", "restricted"):
        actions[vis] = action_create(
            meeting=meeting,
            text=f"{vis.title()} Action",
            owners="MP",
            visibility=vis,
            restricted_to=[world.member_person] if vis == "restricted" else (),
        )
        action_link_set(action=actions[vis], priority=priority, theme="prevention")
    return actions


def _by_visibility(world, records) -> list[Case]:
    return [
        Case(kwargs={"slug": world.slug, "pk": records[v].pk}, expect=RECORD[v], label=v)
        for v in ("public", "partners", "restricted")
    ]


def cases(world) -> dict[str, list[Case]]:
    b = build(world)
    slug = {"slug": world.slug}
    names = lambda records, attr: {v: getattr(r, attr) for v, r in records.items()}  # noqa: E731
    pub_plan = {**slug, "pk": b["plans"]["public"].pk}
    plan_hidden = hidden_by_visibility(world, names(b["plans"], "title"))
    priority_hidden = hidden_by_visibility(world, names(b["priorities"], "name"))
    detail_hidden = {
        role: hidden_by_visibility(world, names(b["objectives"], "title")).get(role, [])
        + hidden_by_visibility(world, names(b["measures"], "name")).get(role, [])
        for role in ("anonymous", "other_coordinator", "viewer")
    }
    chain_hidden = {
        role: detail_hidden[role]
        + hidden_by_visibility(world, names(b["actions"], "text")).get(role, [])
        for role in detail_hidden
    }
    years = b["years"]
    reasons = {v: f"{v.title()} Outcome Reason" for v in ("partners", "restricted")}
    years_hidden = {
        role: priority_hidden[role]
        + hidden_by_visibility(world, names(years["earlier"], "name"))[role]
        + hidden_by_visibility(world, reasons)[role]
        + hidden_by_visibility(world, names(years["evidence"], "title"))[role]
        + hidden_by_visibility(world, names(years["sets"], "note"))[role]
        for role in priority_hidden
    }
    return {
        "plan:priority_years": [Case(kwargs=slug, expect=EVERYONE, hidden=years_hidden)],
        "plan:priority_set_edit": [Case(kwargs={**slug, "year": 2011}, expect=COORDINATORS)],
        "plan:priority_outcome": [
            Case(kwargs={**slug, "pk": years["earlier"]["public"].pk}, expect=COORDINATORS)
        ],
        "plan:plan_list": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={r: plan_hidden[r] + priority_hidden[r] for r in plan_hidden},
            )
        ],
        "plan:plan_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "plan:plan_detail": [
            *_by_visibility(world, b["plans"]),
            Case(kwargs=pub_plan, expect=EVERYONE, hidden=detail_hidden, label="links hidden"),
        ],
        "plan:plan_revise": [Case(kwargs=pub_plan, expect=COORDINATORS)],
        "plan:plan_agree": [Case(kwargs=pub_plan, expect=COORDINATORS)],
        "plan:objective_create": [Case(kwargs=pub_plan, expect=COORDINATORS)],
        "plan:objective_edit": [
            Case(kwargs={**slug, "pk": b["objectives"]["public"].pk}, expect=COORDINATORS)
        ],
        "plan:measure_create": [Case(kwargs=pub_plan, expect=COORDINATORS)],
        "plan:measure_detail": _by_visibility(world, b["measures"]),
        "plan:measure_edit": [
            Case(kwargs={**slug, "pk": b["measures"]["public"].pk}, expect=COORDINATORS)
        ],
        "plan:measure_value_create": [
            Case(kwargs={**slug, "pk": b["measures"]["public"].pk}, expect=COORDINATORS)
        ],
        "plan:priority_list": [Case(kwargs=slug, expect=EVERYONE, hidden=priority_hidden)],
        "plan:priority_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "plan:priority_adopt": [
            Case(kwargs={**slug, "pk": _ready_assessment(world).pk}, expect=COORDINATORS)
        ],
        "plan:priority_detail": [
            *_by_visibility(world, b["priorities"]),
            Case(
                kwargs={**slug, "pk": b["priorities"]["public"].pk},
                expect=EVERYONE,
                hidden=chain_hidden,
                label="chain hidden",
            ),
        ],
        "plan:action_link": [
            Case(kwargs={**slug, "pk": b["actions"]["public"].pk}, expect=COORDINATORS)
        ],
        "plan:priority_edit": [
            Case(kwargs={**slug, "pk": b["priorities"]["public"].pk}, expect=COORDINATORS)
        ],
    }


def _ready_assessment(world):
    """A finished strategic assessment of partnership A to adopt priorities from."""
    from assessments.factories import AssessmentFactory, sample_result

    return AssessmentFactory(
        partnership=world.partnership, status="done", result=sample_result(), visibility="public"
    )
