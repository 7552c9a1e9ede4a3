"""Forms for reports. Views validate with these, then call a service."""

from django import forms

from actions.models import Action
from core.forms import GovukDateField, GovukForm, VisibilityField, model_field
from partnership.models import RESPONSIBLE_AUTHORITY_TYPES, Body, BodyType
from plan.models import Plan
from reports.models import ResponseStatus, SessionType
from reports.records import KIND_CHOICES


class SessionForm(GovukForm):
    committee_name = forms.CharField(
        max_length=300,
        label="Committee",
        help_text="For example: Partnership and Well Being Overview & Scrutiny Committee",
    )
    council = forms.CharField(max_length=200, label="Council")
    date = GovukDateField(label="Date of the session")
    session_type = forms.ChoiceField(
        choices=SessionType.choices, widget=forms.RadioSelect, label="Type"
    )
    title = forms.CharField(max_length=300, label="Title")
    report_of = forms.CharField(max_length=200, required=False, label="Report of (optional)")
    background = forms.CharField(
        widget=forms.Textarea, required=False, label="Background (optional)"
    )
    visibility = VisibilityField()


class WitnessForm(GovukForm):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Person in the register (optional)"
    )
    name = forms.CharField(
        max_length=200,
        required=False,
        label="Or their name, if they are not in the register (optional)",
    )
    role = forms.CharField(
        max_length=300, label="Role on the day", help_text="As the committee's report gives it"
    )
    organisation = forms.CharField(max_length=200, required=False, label="Organisation (optional)")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "person").queryset = partnership.people.order_by("name")

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool((data.get("name") or "").strip()):
            raise forms.ValidationError(
                "Choose a person from the register or enter a name, not both"
            )
        return data


class QuestionForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea, label="Area of questioning")


class AnswerForm(GovukForm):
    answer = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Short answer (optional)",
        help_text="Leave empty to show the question as not yet answered",
    )


class LinkForm(GovukForm):
    kind = forms.ChoiceField(choices=KIND_CHOICES, label="Kind of record")
    object_id = forms.IntegerField(
        min_value=1, label="Record number", help_text="From its page address"
    )


class LinkDecisionForm(GovukForm):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])


def _bodies(partnership, authorities_only=False):
    qs = Body.objects.filter(partnership=partnership).order_by("name")
    if authorities_only:
        qs = qs.filter(body_type__in=RESPONSIBLE_AUTHORITY_TYPES)
    return qs


class RecommendationForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea, label="Recommendation")
    addressed_to: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Responsible authorities"
    )
    response_due = GovukDateField(label="Response due")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "addressed_to").queryset = _bodies(partnership, authorities_only=True)


class ResponseForm(GovukForm):
    status = forms.ChoiceField(
        choices=ResponseStatus.choices, widget=forms.RadioSelect, label="Status"
    )
    response_text = forms.CharField(
        widget=forms.Textarea, required=False, label="Response (optional while awaiting)"
    )
    responded_on = GovukDateField(required=False, label="Date of the response (optional)")
    actions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Actions taking it forward (optional)",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "actions").queryset = Action.objects.filter(partnership=partnership)


class CopyForm(GovukForm):
    bodies: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Copies sent to",
        help_text="Every responsible authority and co-operating body must get a copy",
    )
    sent_on = GovukDateField(label="Date sent")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "bodies").queryset = _bodies(partnership).filter(
            body_type__in=[*RESPONSIBLE_AUTHORITY_TYPES, BodyType.CO_OPERATING]
        )


class BoardDraftForm(GovukForm):
    quarter = forms.RegexField(
        regex=r"^[0-9]{4}-Q[1-4]$",
        label="Quarter",
        help_text="Financial year and quarter, for example 2010-Q3 for October to December 2010",
        error_messages={"invalid": "Enter a quarter like 2010-Q3"},
    )


class AnnualDraftForm(GovukForm):
    year = forms.RegexField(
        regex=r"^[0-9]{4}$",
        label="Financial year",
        help_text="The year it starts, for example 2010 for April 2010 to March 2011",
        error_messages={"invalid": "Enter a year like 2010"},
    )


class BoardNarrativeForm(GovukForm):
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), required=False, label="Chair's narrative"
    )


class PlanSentForm(GovukForm):
    plan: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Plan")
    sent_on = GovukDateField(label="Date sent to the Police and Crime Commissioner")
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")
    visibility = VisibilityField()

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "plan").queryset = Plan.objects.filter(partnership=partnership)


class DataReceiptForm(GovukForm):
    body: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Responsible authority"
    )
    quarter_start = GovukDateField(
        label="First day of the quarter", help_text="For example 1 1 2011 for January to March"
    )
    received_on = GovukDateField(label="Date received")
    visibility = VisibilityField()

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "body").queryset = _bodies(partnership, authorities_only=True)
