"""Reads from the partnership plan, filtered by what the user may see."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from accounts.permissions import visible_q
from actions.selectors import actions_visible
from core.formatting import date_gb
from partnership.models import Group, Partnership
from plan.models import Measure, MeasureValue, Objective, Plan, Priority


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
