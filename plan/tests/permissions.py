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
    built = {
        "plans": plans,
        "priorities": priorities,
        "objectives": objectives,
        "measures": measures,
        "actions": _tagged_actions(world, priorities["public"]),
    }
    world.extra["plan"] = built
    return built


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
    return {
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
