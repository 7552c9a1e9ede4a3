"""The partnership plan: a plan per year, its objectives, priorities, measures and themes.

Years are financial years, held as the year they start in: 2011 is "2011/12" (1 April 2011 to
31 March 2012), the year a Community Safety Partnership plans and reports in.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from core import search
from core.models import VisibleRecord


def year_label(year: int) -> str:
    """A financial year as "2011/12"."""
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_of(day: dt.date) -> int:
    """The financial year a date falls in (its starting calendar year)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a financial year."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


class Theme(models.TextChoices):
    """The four themes the partnership organises its work around (seed 000 §5.1)."""

    PREVENTION = "prevention", "Prevention"
    EDUCATION = "education", "Education"
    INTERVENTION = "intervention", "Intervention"
    ENFORCEMENT = "enforcement", "Enforcement"


class Priority(VisibleRecord):
    """A priority the partnership sets for a year, such as domestic abuse.

    Until the strategic assessment is in CSP Hub, the coordinator names priorities here; the
    assessment attaches its evidence to these records later, so the fields stay few.
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="priorities"
    )
    year = models.PositiveSmallIntegerField(help_text="The financial year it starts, e.g. 2011")
    name = models.CharField(max_length=200)
    rationale = models.TextField(blank=True, help_text="Why this is a priority.")
    groups = models.ManyToManyField(
        "partnership.Group",
        blank=True,
        related_name="priorities",
        help_text="The sub-groups that lead on this priority.",
    )
    evidence = models.ForeignKey(
        "assessments.EvidenceSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priorities",
        help_text="The frozen figures it was adopted on (answers 'on what basis?').",
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "name"], name="unique_priority_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({year_label(self.year)})"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    search_partnership_path = "partnership"

    def search_document(self):
        """The priority as the search index sees it (core/search.py)."""
        return search.Document(
            kind="priority",
            kind_label="Priority",
            title=self.name,
            body=self.rationale,
            partnership_id=self.partnership_id,
            url=search.link("plan:priority_detail", self.partnership, pk=self.pk),
            chain=[self],
        )


class PrioritySet(VisibleRecord):
    """A year's priorities as a whole: how the set came from the year before.

    The outcome of each earlier priority is recorded on `PriorityOutcome`; this record says
    what the outcomes cannot, above all when the earlier priorities were never recorded one by
    one (the demo's "nine priorities became four", whose nine the seeds do not name).
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="priority_sets"
    )
    year = models.PositiveSmallIntegerField(help_text="The financial year it starts, e.g. 2011")
    note = models.TextField(blank=True, help_text="How this year's set came from the year before.")
    earlier_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many priorities the year before had, when they are not recorded one by one.",
    )

    class Meta:
        ordering = ["partnership", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="one_priority_set_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Priorities for {year_label(self.year)}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)


class Outcome(models.TextChoices):
    """What became of a priority in the year after."""

    CONTINUED = "continued", "Continued"
    MERGED = "merged", "Merged into"
    DROPPED = "dropped", "Dropped"


class PriorityOutcome(models.Model):
    """What became of one priority in the following year, why, and on what evidence.

    It is as readable as the earlier priority it describes; the successor and the evidence are
    named only to those who may read them.
    """

    earlier = models.OneToOneField(Priority, on_delete=models.CASCADE, related_name="outcome")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    successor = models.ForeignKey(
        Priority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessor_outcomes",
        help_text="The next year's priority it continued as or merged into.",
    )
    reason = models.TextField(help_text="Why the partnership decided so.")
    evidence = models.ForeignKey(
        "assessments.EvidenceSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_outcomes",
        help_text="The frozen figures the decision rested on.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(outcome=Outcome.DROPPED, successor__isnull=True)
                    | models.Q(
                        outcome__in=[Outcome.CONTINUED, Outcome.MERGED], successor__isnull=False
                    )
                ),
                name="plan_outcome_successor_unless_dropped",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="plan_outcome_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.earlier}: {self.get_outcome_display().lower()}"

    def clean(self) -> None:
        errors = {}
        if not self.reason.strip():
            errors["reason"] = "Say why"
        earlier, successor = self.earlier if self.earlier_id else None, self.successor
        if self.outcome == Outcome.DROPPED and successor is not None:
            errors["successor"] = "A dropped priority has no successor"
        elif self.outcome in (Outcome.CONTINUED, Outcome.MERGED) and successor is None:
            errors["successor"] = "Choose the priority it continued as or merged into"
        elif (
            successor is not None
            and earlier is not None
            and (successor.partnership_id, successor.year)
            != (earlier.partnership_id, earlier.year + 1)
        ):
            errors["successor"] = (
                f"Choose a priority of this partnership for {year_label(earlier.year + 1)}"
            )
        evidence = self.evidence
        if (
            evidence is not None
            and earlier is not None
            and evidence.partnership_id != earlier.partnership_id
        ):
            errors["evidence"] = "Choose evidence of this partnership"
        if errors:
            raise ValidationError(errors)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    SUPERSEDED = "superseded", "Superseded by a later year"


class Plan(VisibleRecord):
    """The partnership plan for one financial year; a revision copies it into the next year."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(help_text="The financial year it starts, e.g. 2011")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    agreed_on = models.DateField(null=True, blank=True)
    revised_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({year_label(self.year)})"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    def clean(self) -> None:
        if self.status == PlanStatus.AGREED and not self.agreed_on:
            raise ValidationError({"agreed_on": "Enter the date the plan was agreed"})

    search_partnership_path = "partnership"

    def search_document(self):
        """The plan as the search index sees it (core/search.py)."""
        return search.Document(
            kind="plan",
            kind_label="Plan",
            title=self.title,
            body=self.summary,
            partnership_id=self.partnership_id,
            url=search.link("plan:plan_detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.agreed_on,
        )

    def search_dependants(self):
        return [*self.objectives.all(), *self.measures.all()]


class Objective(VisibleRecord):
    """An objective of the plan, owned by one body, with long- and short-term targets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        "partnership.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        help_text="The body that owns the objective.",
    )
    long_term_target = models.TextField(blank=True)
    short_term_target = models.TextField(blank=True)
    priorities = models.ManyToManyField(Priority, blank=True, related_name="objectives")
    groups = models.ManyToManyField("partnership.Group", blank=True, related_name="objectives")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.owner is not None
            and self.plan_id
            and self.owner.partnership_id != self.plan.partnership_id
        ):
            raise ValidationError({"owner": "Choose a body of this partnership"})

    search_partnership_path = "plan__partnership"

    def search_document(self):
        """The objective, as readable as it and its plan, for the search index."""
        plan = self.plan
        return search.Document(
            kind="objective",
            kind_label="Objective",
            title=self.title,
            body=search.joined_text(self.long_term_target, self.short_term_target),
            partnership_id=plan.partnership_id,
            url=search.link("plan:plan_detail", plan.partnership, pk=plan.pk),
            chain=[self, plan],
            date=plan.agreed_on,
        )


class Polarity(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annually"


class MeasureSource(models.TextChoices):
    CRIME_STORE = "crime_store", "Crime store (police.uk data)"
    PARTNER = "partner", "Supplied by a partner"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


def rag_for(
    *, value: Decimal, target: Decimal | None, polarity: str, tolerance_pct: Decimal
) -> str | None:
    """Red, amber or green for a value against its target; None without a target.

    Green meets the target; amber misses it by no more than the tolerance (a percentage of the
    target); red misses it by more.
    """
    if target is None or value is None:
        return None
    slack = abs(target) * tolerance_pct / Decimal(100)
    if polarity == Polarity.UP:
        if value >= target:
            return Rag.GREEN
        return Rag.AMBER if value >= target - slack else Rag.RED
    if value <= target:
        return Rag.GREEN
    return Rag.AMBER if value <= target + slack else Rag.RED


class Measure(VisibleRecord):
    """A performance measure: what is counted, how often, where from, and its target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    name = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=60, help_text="For example: offences, %, casualties")
    polarity = models.CharField(max_length=4, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    source = models.CharField(max_length=12, choices=MeasureSource.choices)
    crime_category = models.CharField(
        max_length=60, blank=True, help_text="police.uk category, for measures from the store."
    )
    supplier = models.ForeignKey(
        "partnership.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_supplied",
        help_text="The partner that supplies the figures.",
    )
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    tolerance_pct = models.DecimalField(
        "amber tolerance (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        help_text="How far past the target, as a percentage of it, still counts as amber.",
    )

    class Meta:
        ordering = ["plan", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.source == MeasureSource.CRIME_STORE and not self.crime_category:
            raise ValidationError(
                {"crime_category": "Name the police.uk category the crime store counts"}
            )
        if self.source == MeasureSource.PARTNER and not self.supplier_id:
            raise ValidationError({"supplier": "Choose the partner that supplies the figures"})
        if self.objective is not None and self.plan_id and self.objective.plan_id != self.plan_id:
            raise ValidationError({"objective": "Choose an objective of this plan"})

    search_partnership_path = "plan__partnership"

    def search_document(self):
        """The measure, as readable as it and its plan, for the search index."""
        plan = self.plan
        return search.Document(
            kind="measure",
            kind_label="Measure",
            title=self.name,
            body=search.joined_text(self.definition, self.unit),
            partnership_id=plan.partnership_id,
            url=search.link("plan:measure_detail", plan.partnership, pk=self.pk),
            chain=[self, plan],
            date=plan.agreed_on,
        )


class MeasureValue(models.Model):
    """The value of a measure for one period, with the target that applied then."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    period_label = models.CharField(max_length=40, help_text="For example: Q3 2010/11")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave blank to use the measure's target.",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_start"], name="plan_one_value_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.name}, {self.period_label}: {self.value}"

    @property
    def effective_target(self) -> Decimal | None:
        return self.target if self.target is not None else self.measure.target

    @property
    def rag(self) -> str | None:
        return rag_for(
            value=self.value,
            target=self.effective_target,
            polarity=self.measure.polarity,
            tolerance_pct=self.measure.tolerance_pct,
        )


class ActionLink(models.Model):
    """Ties an action (raised at a meeting) to the plan: the priority it serves and its theme.

    Actions live a layer below the plan, so the link lives here rather than on the action.
    """

    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="plan_link"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_links"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_links"
    )
    theme = models.CharField(max_length=12, choices=Theme.choices, blank=True)

    def __str__(self) -> str:
        return f"Plan link of action {self.action_id}"
