"""Reads from the partnership plan, filtered by what the user may see."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from accounts.permissions import visible_q
from actions.selectors import actions_visible
from assessments.models import EvidenceSnapshot
from core.formatting import date_gb
from partnership.models import Group, Partnership
from plan.models import (
    Measure,
    MeasureValue,
    Objective,
    Plan,
    Priority,
    PriorityOutcome,
    PrioritySet,
    year_label,
)


def plans_visible(*, user, partnership: Partnership) -> QuerySet[Plan]:
    """The partnership's plans the user may see, newest year first."""
    return (
        Plan.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("revised_from")
        .order_by("-year")
    )


def priorities_visible(*, user, partnership: Partnership) -> QuerySet[Priority]:
    """The partnership's priorities the user may see, newest year first."""
    return (
        Priority.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .order_by("-year", "name")
    )


def objectives_visible(*, user, partnership: Partnership) -> QuerySet[Objective]:
    """Objectives the user may see (their plan must be visible too)."""
    return (
        Objective.objects.filter(plan__partnership=partnership)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "plan__"))
        .select_related("owner", "plan")
        .distinct()
    )


def measures_visible(*, user, partnership: Partnership) -> QuerySet[Measure]:
    """Measures the user may see, with their values in period order."""
    return (
        Measure.objects.filter(plan__partnership=partnership)
        .filter(visible_q(user, partnership))
        .filter(visible_q(user, partnership, "plan__"))
        .select_related("plan", "objective", "priority", "supplier")
        .prefetch_related(
            Prefetch("values", queryset=MeasureValue.objects.order_by("period_start"))
        )
        .distinct()
    )


def _visible_prefetches(user, partnership):
    return [
        Prefetch(
            "priorities",
            queryset=Priority.objects.filter(visible_q(user, partnership)).distinct(),
        ),
        Prefetch(
            "groups",
            queryset=Group.objects.filter(visible_q(user, partnership)).distinct(),
        ),
    ]


def plan_objectives(*, user, plan: Plan) -> QuerySet[Objective]:
    """A plan's objectives the user may see, with their visible priorities and groups."""
    return (
        objectives_visible(user=user, partnership=plan.partnership)
        .filter(plan=plan)
        .prefetch_related(*_visible_prefetches(user, plan.partnership))
        .order_by("order", "pk")
    )


def plan_measures(*, user, plan: Plan) -> QuerySet[Measure]:
    """A plan's measures the user may see."""
    return measures_visible(user=user, partnership=plan.partnership).filter(plan=plan)


@dataclass
class PriorityChain:
    """Everything that hangs off one priority: objectives, groups, measures and actions."""

    priority: Priority
    objectives: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    actions: list = field(default_factory=list)


def priority_chain(*, user, priority: Priority) -> PriorityChain:
    """The whole chain for a priority, each link filtered by what the user may see."""
    partnership = priority.partnership
    objectives = list(
        objectives_visible(user=user, partnership=partnership)
        .filter(priorities=priority)
        .prefetch_related(*_visible_prefetches(user, partnership))
        .order_by("plan__year", "order")
    )
    group_ids = set(priority.groups.values_list("pk", flat=True))
    for o in objectives:
        group_ids |= {g.pk for g in o.groups.all()}
    groups = list(
        Group.objects.filter(pk__in=group_ids).filter(visible_q(user, partnership)).distinct()
    )
    measures = list(
        measures_visible(user=user, partnership=partnership).filter(
            Q(priority=priority) | Q(objective__in=[o.pk for o in objectives])
        )
    )
    return PriorityChain(
        priority=priority,
        objectives=objectives,
        groups=groups,
        measures=measures,
        actions=priority_actions(user=user, priority=priority),
    )


def priority_actions(*, user, priority: Priority) -> list[dict]:
    """Actions tagged with this priority that the user may see, with owners and due dates."""
    actions: Any = (  # Actions annotated with `due` (actions_visible)
        actions_visible(user=user, partnership=priority.partnership)
        .filter(plan_link__priority=priority)
        .select_related("plan_link")
        .prefetch_related("owners")
        .order_by("meeting__date", "position")
    )
    slug = priority.partnership.slug
    return [
        {
            "text": a.text,
            "url": reverse("actions:action_detail", kwargs={"slug": slug, "pk": a.pk}),
            "theme": a.plan_link.get_theme_display() if a.plan_link.theme else "",
            "owners": a.owners_written,
            "due": a.deadline_text or date_gb(a.due),
            "status": a.get_status_display(),
            "meeting": str(a.meeting),
        }
        for a in actions
    ]


# Priorities across years ----------------------------------------------------------------------

HIDDEN_PRIORITY = "a restricted priority"


@dataclass
class EarlierPriority:
    """A priority of the year before and what became of it, as one reader may see it.

    `successor` and `evidence` are set only when the reader may open them; `successor_name` is
    the successor's name, or "a restricted priority" when it is hidden from the reader.
    """

    priority: Priority
    outcome: PriorityOutcome | None = None
    successor: Priority | None = None
    successor_name: str = ""
    evidence: EvidenceSnapshot | None = None
    evidence_hidden: bool = False


@dataclass
class YearSet:
    """One year's priorities, how the set came from the year before, and what became of it."""

    year: int
    record: PrioritySet | None = None
    priorities: list[Priority] = field(default_factory=list)
    earlier: list[EarlierPriority] = field(default_factory=list)
    # The number of this year's priorities that the next year's set counts but nobody recorded.
    unrecorded_count: int | None = None

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def earlier_label(self) -> str:
        return year_label(self.year - 1)

    @property
    def later_label(self) -> str:
        return year_label(self.year + 1)

    @property
    def earlier_count(self) -> int | None:
        return self.record.earlier_count if self.record else None


def priority_years(*, user, partnership: Partnership) -> list[YearSet]:
    """Every year's set of priorities the user may see, oldest first, with the outcome of each
    earlier priority; hidden priorities, sets and evidence are left out, and a hidden
    successor is named only as "a restricted priority"."""
    priorities = list(priorities_visible(user=user, partnership=partnership).distinct())
    sets = {
        s.year: s
        for s in PrioritySet.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .distinct()
    }
    visible = {p.pk: p for p in priorities}
    outcomes = {
        o.earlier_id: o
        for o in PriorityOutcome.objects.filter(earlier__in=list(visible)).select_related(
            "successor", "evidence"
        )
    }
    evidence_ids = {o.evidence_id for o in outcomes.values() if o.evidence_id}
    readable_evidence = set(
        EvidenceSnapshot.objects.filter(pk__in=evidence_ids)
        .filter(visible_q(user, partnership))
        .values_list("pk", flat=True)
    )
    years: dict[int, YearSet] = {}

    def column(y: int) -> YearSet:
        return years.setdefault(y, YearSet(year=y))

    for y, record in sets.items():
        column(y).record = record
        if record.earlier_count:
            column(y - 1)
    for p in priorities:
        column(p.year).priorities.append(p)
        if p.pk in outcomes:
            column(p.year + 1)
    for y, ys in years.items():
        before = years.get(y - 1)
        for p in before.priorities if before else []:
            outcome = outcomes.get(p.pk)
            row = EarlierPriority(priority=p, outcome=outcome)
            if outcome is not None and outcome.successor_id:
                row.successor = visible.get(outcome.successor_id)
                row.successor_name = row.successor.name if row.successor else HIDDEN_PRIORITY
            if outcome is not None and outcome.evidence_id in readable_evidence:
                row.evidence = outcome.evidence
            elif outcome is not None and outcome.evidence_id:
                row.evidence_hidden = True
            ys.earlier.append(row)
        later = sets.get(y + 1)
        if later is not None and later.earlier_count and not ys.priorities:
            ys.unrecorded_count = later.earlier_count
    return [years[y] for y in sorted(years)]
