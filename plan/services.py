"""Writes to the partnership plan. Every change goes through one of these functions."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import EvidenceSnapshot
from assessments.services import evidence_snapshot_freeze
from core import search
from core.models import Visibility
from core.services import record_save
from partnership.models import Body, Group, Partnership
from plan.models import (
    ActionLink,
    Measure,
    MeasureValue,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    PriorityOutcome,
    PrioritySet,
)


def _check_groups(partnership: Partnership, groups) -> None:
    if any(g.partnership_id != partnership.pk for g in groups):
        raise ValidationError({"groups": "Choose groups of this partnership"})


def priority_create(
    *,
    partnership: Partnership,
    year: int,
    name: str,
    rationale: str = "",
    groups: Sequence[Group] = (),
    visibility: str = Visibility.PUBLIC,
) -> Priority:
    """Name a priority for a year (the coordinator does this until the assessment lands)."""
    if Priority.objects.filter(partnership=partnership, year=year, name__iexact=name).exists():
        raise ValidationError({"name": f"{name} is already a priority for that year"})
    _check_groups(partnership, groups)
    priority = record_save(
        Priority(
            partnership=partnership,
            year=year,
            name=name,
            rationale=rationale,
            visibility=visibility,
        )
    )
    priority.groups.set(groups)
    return priority


def priority_adopt(
    *,
    partnership: Partnership,
    year: int,
    name: str,
    rationale: str,
    assessment=None,
    category: str = "",
    user=None,
    visibility: str = Visibility.PUBLIC,
) -> Priority:
    """Adopt a priority for a year with its evidence frozen from an assessment (or none)."""
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why this is a priority"})
    with transaction.atomic():
        priority = priority_create(
            partnership=partnership,
            year=year,
            name=name,
            rationale=rationale,
            visibility=visibility,
        )
        priority.evidence = evidence_snapshot_freeze(
            partnership=partnership,
            assessment=assessment,
            category=category,
            title=f"{name} ({priority.year_label})",
            user=user,
            # Frozen figures stay as visible as the assessment they came from.
            visibility=None if assessment else visibility,
        )
        priority.save(update_fields=["evidence"])
    return priority


def priority_update(*, priority: Priority, groups: list[Group] | None = None, **fields) -> Priority:
    """Change a priority's name, rationale, visibility or leading sub-groups."""
    for name, value in fields.items():
        setattr(priority, name, value)
    record_save(priority, update_fields=list(fields) or None)
    if groups is not None:
        _check_groups(priority.partnership, groups)
        priority.groups.set(groups)
    return priority


@transaction.atomic
def priority_set_record(
    *,
    partnership: Partnership,
    year: int,
    note: str = "",
    earlier_count: int | None = None,
    visibility: str = Visibility.PUBLIC,
) -> PrioritySet:
    """Record (or change) how a year's set of priorities came from the year before."""
    recorded = Priority.objects.filter(partnership=partnership, year=year - 1).count()
    if earlier_count is not None and earlier_count < recorded:
        raise ValidationError(
            {
                "earlier_count": f"The year before already has {recorded} priorities recorded; "
                "the count cannot be fewer"
            }
        )
    row = PrioritySet.objects.select_for_update().filter(partnership=partnership, year=year).first()
    if row is None:
        row = PrioritySet(partnership=partnership, year=year)
    row.note = note.strip()
    row.earlier_count = earlier_count
    row.visibility = visibility
    return record_save(row)


@transaction.atomic
def priority_outcome_record(
    *,
    earlier: Priority,
    outcome: str,
    reason: str,
    successor: Priority | None = None,
    evidence: EvidenceSnapshot | None = None,
) -> PriorityOutcome:
    """Record (or correct) what became of a priority in the following year, and why."""
    row = PriorityOutcome.objects.select_for_update().filter(earlier=earlier).first()
    if row is None:
        row = PriorityOutcome(earlier=earlier)
    row.outcome = outcome
    row.successor = successor
    row.reason = reason.strip()
    row.evidence = evidence
    return record_save(row)


def plan_create(
    *,
    partnership: Partnership,
    year: int,
    title: str,
    summary: str = "",
    visibility: str = Visibility.PUBLIC,
) -> Plan:
    """Start the plan for a financial year."""
    if Plan.objects.filter(partnership=partnership, year=year).exists():
        raise ValidationError({"year": "There is already a plan for that year; revise it instead"})
    return record_save(
        Plan(
            partnership=partnership,
            year=year,
            title=title,
            summary=summary,
            visibility=visibility,
        )
    )


def plan_agree(*, plan: Plan, agreed_on: dt.date) -> Plan:
    """Record that the partnership agreed the plan on a date."""
    plan.status = PlanStatus.AGREED
    plan.agreed_on = agreed_on
    return record_save(plan, update_fields=["status", "agreed_on"])


@transaction.atomic
def plan_revise(*, plan: Plan, title: str = "") -> Plan:
    """Start next year's plan as a copy of this one; this year's plan is kept unchanged.

    Objectives and measures are copied with their links; priorities stay with their own year,
    so a copied objective keeps pointing at the priorities of the year it was copied from
    until the coordinator links the new year's priorities.
    """
    new = plan_create(
        partnership=plan.partnership,
        year=plan.year + 1,
        title=title or plan.title,
        summary=plan.summary,
        visibility=plan.visibility,
    )
    new.revised_from = plan
    new.save(update_fields=["revised_from"])
    objective_map = {}
    for old in plan.objectives.prefetch_related("priorities", "groups", "restricted_to"):
        copy = record_save(
            Objective(
                plan=new,
                title=old.title,
                owner=old.owner,
                long_term_target=old.long_term_target,
                short_term_target=old.short_term_target,
                order=old.order,
                visibility=old.visibility,
            )
        )
        copy.priorities.set(old.priorities.all())
        copy.groups.set(old.groups.all())
        copy.restricted_to.set(old.restricted_to.all())
        objective_map[old.pk] = copy
    for old_measure in plan.measures.prefetch_related("restricted_to"):
        measure = record_save(
            Measure(
                plan=new,
                objective=objective_map.get(old_measure.objective_id or 0),
                priority=old_measure.priority,
                name=old_measure.name,
                definition=old_measure.definition,
                unit=old_measure.unit,
                polarity=old_measure.polarity,
                frequency=old_measure.frequency,
                source=old_measure.source,
                crime_category=old_measure.crime_category,
                supplier=old_measure.supplier,
                target=old_measure.target,
                tolerance_pct=old_measure.tolerance_pct,
                visibility=old_measure.visibility,
            )
        )
        measure.restricted_to.set(old_measure.restricted_to.all())
    if plan.status == PlanStatus.AGREED:
        plan.status = PlanStatus.SUPERSEDED
        plan.save(update_fields=["status"])
    search.index(new)
    return new


def objective_create(
    *,
    plan: Plan,
    title: str,
    owner: Body | None = None,
    long_term_target: str = "",
    short_term_target: str = "",
    priorities: Sequence[Priority] = (),
    groups: Sequence[Group] = (),
    order: int | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Objective:
    """Add an objective to a plan, linked to priorities and the sub-groups that deliver it."""
    if any(p.partnership_id != plan.partnership_id for p in priorities):
        raise ValidationError({"priorities": "Choose priorities of this partnership"})
    _check_groups(plan.partnership, groups)
    if order is None:
        order = plan.objectives.count() + 1
    objective = record_save(
        Objective(
            plan=plan,
            title=title,
            owner=owner,
            long_term_target=long_term_target,
            short_term_target=short_term_target,
            order=order,
            visibility=visibility,
        )
    )
    objective.priorities.set(priorities)
    objective.groups.set(groups)
    return objective


def objective_update(
    *,
    objective: Objective,
    priorities: list[Priority] | None = None,
    groups: list[Group] | None = None,
    **fields,
) -> Objective:
    """Change an objective's text, owner, targets or links."""
    for name, value in fields.items():
        setattr(objective, name, value)
    record_save(objective, update_fields=list(fields) or None)
    partnership = objective.plan.partnership
    if priorities is not None:
        if any(p.partnership_id != partnership.pk for p in priorities):
            raise ValidationError({"priorities": "Choose priorities of this partnership"})
        objective.priorities.set(priorities)
    if groups is not None:
        _check_groups(partnership, groups)
        objective.groups.set(groups)
    return objective


def measure_create(*, plan: Plan, **fields) -> Measure:
    """Add a performance measure to a plan."""
    supplier = fields.get("supplier")
    if supplier is not None and supplier.partnership_id != plan.partnership_id:
        raise ValidationError({"supplier": "Choose a body of this partnership"})
    priority = fields.get("priority")
    if priority is not None and priority.partnership_id != plan.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership"})
    return record_save(Measure(plan=plan, **fields))


def measure_update(*, measure: Measure, **fields) -> Measure:
    """Change a measure: its definition, links, target and tolerance."""
    plan = measure.plan
    supplier = fields.get("supplier")
    if supplier is not None and supplier.partnership_id != plan.partnership_id:
        raise ValidationError({"supplier": "Choose a body of this partnership"})
    priority = fields.get("priority")
    if priority is not None and priority.partnership_id != plan.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership"})
    objective = fields.get("objective")
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({"objective": "Choose an objective of this plan"})
    for name, value in fields.items():
        setattr(measure, name, value)
    return record_save(measure)


def measure_value_record(
    *,
    measure: Measure,
    period_start: dt.date,
    period_label: str,
    value: Decimal,
    target: Decimal | None = None,
    note: str = "",
) -> MeasureValue:
    """Record (or correct) a measure's value for a period."""
    row = MeasureValue.objects.filter(measure=measure, period_start=period_start).first()
    if row is None:
        row = MeasureValue(measure=measure, period_start=period_start)
    row.period_label = period_label
    row.value = value
    row.target = target
    row.note = note
    return record_save(row)


def action_link_set(
    *,
    action,
    priority: Priority | None = None,
    objective: Objective | None = None,
    theme: str = "",
) -> ActionLink:
    """Tag an action with the priority (and objective) it serves and its theme."""
    if priority is not None and priority.partnership_id != action.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership"})
    if objective is not None and objective.plan.partnership_id != action.partnership_id:
        raise ValidationError({"objective": "Choose an objective of this partnership's plan"})
    link = ActionLink.objects.filter(action=action).first() or ActionLink(action=action)
    link.priority = priority
    link.objective = objective
    link.theme = theme
    return record_save(link)
