"""The partnership plan document: a plan's priorities, objectives, targets, measures, owners and
themes for its year, read through the plan's selectors so each reader sees only what they may.

One `PlanDocument` is rendered three ways: the page, Word (`documents.plan_docx`) and PDF
(`documents.plan_pdf`, WeasyPrint rendering the page's own `_plan_document.html`). Records the
reader may not see are counted ("2 records left out") and never named.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.permissions import visible_q
from core.formatting import date_gb
from partnership.models import Body, Group
from plan.models import Measure, Objective, Plan, Priority, Theme
from plan.selectors import (
    plan_measures,
    plan_objectives,
    priorities_visible,
    priority_actions,
)

NOT_RECORDED = "Not recorded"
NOT_SHOWN = "Not shown: you do not have access"


@dataclass
class DocMeasure:
    name: str
    url: str
    unit: str
    target: str
    frequency: str
    supplier: str
    objective: str
    priority: str


@dataclass
class DocObjective:
    number: int
    title: str
    owner: str
    long_term_target: str
    short_term_target: str
    priorities: list[str]
    measures: list[DocMeasure] = field(default_factory=list)


@dataclass
class DocPriority:
    name: str
    url: str
    rationale: str
    groups: list[str]
    objectives: list[str]
    themes: list[str]
    actions: int


@dataclass
class DocTheme:
    name: str
    actions: int
    priorities: list[str]


@dataclass
class PlanDocument:
    plan: Plan
    priorities: list[DocPriority]
    objectives: list[DocObjective]
    measures: list[DocMeasure]
    themes: list[DocTheme]
    left_out: int

    @property
    def title(self) -> str:
        return f"{self.plan.title} {self.plan.year_label}"

    @property
    def status(self) -> str:
        s = self.plan.get_status_display()
        if self.plan.agreed_on:
            s += f", agreed {date_gb(self.plan.agreed_on)}"
        return s


def _target(m: Measure) -> str:
    if m.target is None:
        return NOT_RECORDED
    value = f"{m.target.normalize():f}"
    return f"{value} {m.unit}".strip()


def plan_document(*, user, plan: Plan) -> PlanDocument:
    """The plan for its year as this reader may see it (the plan itself must be visible)."""
    p = plan.partnership
    slug = p.slug
    priorities = list(
        priorities_visible(user=user, partnership=p)
        .filter(year=plan.year)
        .prefetch_related("groups")
    )
    objectives = list(plan_objectives(user=user, plan=plan).select_related("owner"))
    measures = list(plan_measures(user=user, plan=plan))
    visible_priority_ids = {pr.pk for pr in priorities}
    bodies = _visible_bodies(user, p)

    def body_name(body) -> str:
        if body is None:
            return NOT_RECORDED
        return body.name if body.pk in bodies else NOT_SHOWN

    doc_measures = []
    for m in measures:
        doc_measures.append(
            DocMeasure(
                name=m.name,
                url=reverse("plan:measure_detail", kwargs={"slug": slug, "pk": m.pk}),
                unit=m.unit or NOT_RECORDED,
                target=_target(m),
                frequency=m.get_frequency_display(),
                supplier=body_name(m.supplier),
                objective=m.objective.title
                if m.objective and m.objective in objectives
                else NOT_RECORDED,
                priority=m.priority.name
                if m.priority is not None and m.priority_id in visible_priority_ids
                else NOT_RECORDED,
            )
        )
    by_objective: dict[str, list[DocMeasure]] = {}
    for dm in doc_measures:
        by_objective.setdefault(dm.objective, []).append(dm)

    doc_objectives = [
        DocObjective(
            number=n,
            title=o.title,
            owner=body_name(o.owner),
            long_term_target=o.long_term_target.strip() or NOT_RECORDED,
            short_term_target=o.short_term_target.strip() or NOT_RECORDED,
            priorities=[pr.name for pr in o.priorities.all()],
            measures=by_objective.get(o.title, []),
        )
        for n, o in enumerate(objectives, start=1)
    ]

    theme_actions = dict.fromkeys(Theme.labels, 0)
    theme_priorities: dict[str, list[str]] = {label: [] for label in Theme.labels}
    doc_priorities = []
    groups_visible = _visible_groups(user, p)
    for pr in priorities:
        actions = priority_actions(user=user, priority=pr)
        themes = sorted({a["theme"] for a in actions if a["theme"]})
        for a in actions:
            if a["theme"]:
                theme_actions[a["theme"]] += 1
        for t in themes:
            theme_priorities[t].append(pr.name)
        doc_priorities.append(
            DocPriority(
                name=pr.name,
                url=reverse("plan:priority_detail", kwargs={"slug": slug, "pk": pr.pk}),
                rationale=pr.rationale.strip() or NOT_RECORDED,
                groups=[g.name for g in pr.groups.all() if g in groups_visible],
                objectives=[o.title for o in objectives if pr in o.priorities.all()],
                themes=themes,
                actions=len(actions),
            )
        )
    themes = [
        DocTheme(name=label, actions=theme_actions[label], priorities=theme_priorities[label])
        for label in Theme.labels
    ]
    total = (
        Priority.objects.filter(partnership=p, year=plan.year).count()
        + Objective.objects.filter(plan=plan).count()
        + Measure.objects.filter(plan=plan).count()
    )
    left_out = total - len(priorities) - len(objectives) - len(measures)
    return PlanDocument(
        plan=plan,
        priorities=doc_priorities,
        objectives=doc_objectives,
        measures=doc_measures,
        themes=themes,
        left_out=left_out,
    )


def _visible_groups(user, partnership) -> set:
    return set(Group.objects.filter(partnership=partnership).filter(visible_q(user, partnership)))


def _visible_bodies(user, partnership) -> set[int]:
    return set(
        Body.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .values_list("pk", flat=True)
    )
