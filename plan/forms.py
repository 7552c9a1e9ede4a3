"""Forms for the partnership plan. Views validate with these, then call a service."""

import datetime as dt

from django import forms

from assessments.models import EvidenceSnapshot
from core.forms import GovukDateField, GovukForm, VisibilityField, labels_from, model_field
from partnership.models import Partnership
from plan.models import (
    Frequency,
    MeasureSource,
    Objective,
    Outcome,
    Plan,
    Polarity,
    Priority,
    Theme,
    financial_year_of,
    year_label,
)


def year_choices(around: int | None = None) -> list[tuple[int, str]]:
    """Financial years to choose from, a few either side of the current one."""
    centre = around or financial_year_of(dt.date.today())
    years = sorted({*range(2008, centre + 3), *([around] if around else [])})
    return [(y, year_label(y)) for y in reversed(years)]


class YearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("label", "Financial year")
        super().__init__(choices=year_choices, **kwargs)


class PriorityForm(GovukForm):
    year = YearField()
    name = forms.CharField(max_length=200, help_text="For example, domestic abuse")
    rationale = forms.CharField(
        widget=forms.Textarea, required=False, label="Why it is a priority (optional)"
    )
    groups: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sub-groups that lead on it (optional)",
    )
    visibility = VisibilityField()

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "groups").queryset = partnership.groups.order_by("name")


class PriorityAdoptForm(GovukForm):
    category = forms.ChoiceField(
        label="Candidate priority from the assessment", widget=forms.RadioSelect
    )
    year = YearField()
    name = forms.CharField(max_length=200, help_text="For example, violent crime")
    rationale = forms.CharField(widget=forms.Textarea, label="Why it is a priority")
    visibility = VisibilityField()

    def __init__(self, *args, candidates: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [
            *candidates,
            ("", "None of these: the partnership's own"),
        ]
        self.fields["category"].required = False


class PrioritySetForm(GovukForm):
    note = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="How this year's priorities came from the year before (optional)",
        help_text="For example, who narrowed the priorities and on what basis",
    )
    earlier_count = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=200,
        label="Number of priorities the year before (optional)",
        help_text="Give it when the year before's priorities are not recorded one by one",
    )
    visibility = VisibilityField()


class PriorityOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, label="What became of it"
    )
    successor: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="None (it was dropped)"
    )
    reason = forms.CharField(widget=forms.Textarea, label="Why")
    evidence: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Evidence (optional)", empty_label="None"
    )

    def __init__(self, *args, earlier: Priority, **kwargs):
        super().__init__(*args, **kwargs)
        later = year_label(earlier.year + 1)
        successor = model_field(self, "successor")
        successor.queryset = Priority.objects.filter(
            partnership=earlier.partnership, year=earlier.year + 1
        ).order_by("name")
        successor.label = f"The {later} priority it continued as or merged into"
        model_field(self, "evidence").queryset = EvidenceSnapshot.objects.filter(
            partnership=earlier.partnership
        ).order_by("-created")


class PlanForm(GovukForm):
    year = YearField()
    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea, required=False, label="Summary (optional)")
    visibility = VisibilityField()


class PlanReviseForm(GovukForm):
    title = forms.CharField(max_length=200, label="Title of next year's plan")


class PlanAgreeForm(GovukForm):
    agreed_on = GovukDateField(label="Date the partnership agreed the plan")


class ObjectiveForm(GovukForm):
    title = forms.CharField(max_length=300, label="Objective")
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Owning body (optional)", empty_label="None"
    )
    long_term_target = forms.CharField(
        widget=forms.Textarea, required=False, label="Long-term target (optional)"
    )
    short_term_target = forms.CharField(
        widget=forms.Textarea, required=False, label="Short-term target (optional)"
    )
    priorities: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Priorities"
    )
    groups: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sub-groups that deliver it",
    )
    visibility = VisibilityField()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = plan.partnership
        model_field(self, "owner").queryset = partnership.bodies.order_by("name")
        model_field(self, "priorities").queryset = Priority.objects.filter(
            partnership=partnership, year__in=[plan.year, plan.year - 1]
        )
        model_field(self, "groups").queryset = partnership.groups.order_by("name")


class MeasureForm(GovukForm):
    name = forms.CharField(max_length=200)
    definition = forms.CharField(widget=forms.Textarea, help_text="Exactly what is counted")
    unit = forms.CharField(max_length=60, help_text="For example: offences, %, casualties")
    polarity = forms.ChoiceField(
        choices=Polarity.choices, widget=forms.RadioSelect, label="Which way is good?"
    )
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect)
    source = forms.ChoiceField(choices=MeasureSource.choices, widget=forms.RadioSelect)
    crime_category = forms.CharField(
        max_length=60,
        required=False,
        label="police.uk crime category (for the crime store)",
        help_text="For example: anti-social-behaviour",
    )
    supplier: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Partner that supplies it", empty_label="None"
    )
    objective: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Objective (optional)", empty_label="None"
    )
    priority: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Priority (optional)", empty_label="None"
    )
    target = forms.DecimalField(required=False, max_digits=14, decimal_places=2)
    tolerance_pct = forms.DecimalField(
        initial=5,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        label="Amber tolerance (%)",
        help_text="How far past the target, as a percentage of it, still counts as amber",
    )
    visibility = VisibilityField()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = plan.partnership
        model_field(self, "supplier").queryset = partnership.bodies.order_by("name")
        model_field(self, "objective").queryset = plan.objectives.all()
        model_field(self, "priority").queryset = Priority.objects.filter(partnership=partnership)


class MeasureValueForm(GovukForm):
    period_start = GovukDateField(label="Start of the period")
    period_label = forms.CharField(max_length=40, help_text="For example: Q3 2010/11")
    value = forms.DecimalField(max_digits=14, decimal_places=2)
    target = forms.DecimalField(
        required=False,
        max_digits=14,
        decimal_places=2,
        label="Target for this period (optional)",
        help_text="Leave blank to use the measure's target",
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")


class ActionLinkForm(GovukForm):
    priority: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Priority it serves", empty_label="None"
    )
    objective: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Objective (optional)", empty_label="None"
    )
    theme = forms.ChoiceField(choices=[("", "None"), *Theme.choices], required=False, label="Theme")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "priority").queryset = Priority.objects.filter(partnership=partnership)
        model_field(self, "objective").queryset = Objective.objects.filter(
            plan__partnership=partnership
        ).select_related("plan")
        labels_from(self.fields["objective"], lambda o: f"{o.title} ({o.plan.year_label})")

    def clean(self):
        data = super().clean()
        if not (data.get("priority") or data.get("objective") or data.get("theme")):
            raise forms.ValidationError("Choose a priority, an objective or a theme")
        return data
