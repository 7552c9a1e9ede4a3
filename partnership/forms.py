"""Forms for the partnership register. Views validate with these, then call a service."""

from django import forms

from accounts.permissions import visible_q
from core.forms import GovukDateField, GovukForm, VisibilityField, labels_from, model_field
from partnership.models import (
    Body,
    BodyType,
    Group,
    GroupKind,
    MembershipRole,
    Partnership,
    Person,
)


class VisibleRecordForm(GovukForm):
    """Base for a record's form: who can see it, and whom it names when restricted."""

    visibility = VisibilityField()
    restricted_to: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People who can see it when restricted (optional)",
        help_text="Coordinators can always see restricted records.",
    )

    def __init__(self, *args, partnership: Partnership, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        field = model_field(self, "restricted_to")
        people = partnership.people.order_by("name")
        if user is not None:
            # Members fill in some of these forms: offer only the people they may see.
            people = people.filter(visible_q(user, partnership)).distinct()
        field.queryset = people
        labels_from(field, lambda p: f"{p.name} ({p.initials})")


class PartnershipForm(GovukForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the name"})
    short_name = forms.CharField(max_length=30, required=False)
    area_codes = forms.CharField(
        label="Local authority codes",
        help_text="Separate several codes with commas, for example E07000110",
        error_messages={"required": "Enter at least one local authority code"},
    )

    def clean_area_codes(self) -> list[str]:
        return [c.strip().upper() for c in self.cleaned_data["area_codes"].split(",") if c.strip()]


class BodyForm(VisibleRecordForm):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the name of the body"}
    )
    short_name = forms.CharField(max_length=30, required=False, label="Short name (optional)")
    body_type = forms.ChoiceField(
        label="Type",
        choices=BodyType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of body"},
    )
    website = forms.URLField(required=False, label="Website (optional)", assume_scheme="https")


class PersonForm(VisibleRecordForm):
    name = forms.CharField(max_length=200, label="Full name")
    initials = forms.CharField(
        max_length=6,
        help_text="As used in minutes, for example MA or JAW. Unique in the partnership.",
    )
    job_title = forms.CharField(max_length=200, required=False, label="Job title (optional)")
    body: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        required=False,
        label="Organisation (optional)",
        empty_label="None",
    )
    email = forms.EmailField(required=False, label="Work e-mail address (optional)")

    def __init__(self, *args, partnership: Partnership, instance: Person | None = None, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        self.instance = instance
        model_field(self, "body").queryset = partnership.bodies.order_by("name")

    def clean_initials(self) -> str:
        initials = self.cleaned_data["initials"].strip()
        clash = self.partnership.people.filter(initials__iexact=initials)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        other = clash.first()
        if other is not None:
            raise forms.ValidationError(f"{other.name} already uses the initials {initials}")
        return initials


class GroupForm(VisibleRecordForm):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        label="Kind of group", choices=GroupKind.choices, widget=forms.RadioSelect
    )
    purpose = forms.CharField(widget=forms.Textarea, required=False, label="Purpose (optional)")
    priority_served = forms.CharField(
        max_length=200, required=False, label="Priority it serves (optional)"
    )
    reports_to: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        label="Reports to (optional)",
        empty_label="None",
    )
    start_date = GovukDateField(required=False, label="Start date (optional)")
    end_date = GovukDateField(
        required=False, label="End date", help_text="Required for a task and finish group"
    )

    def __init__(self, *args, partnership: Partnership, instance: Group | None = None, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        qs = partnership.groups.order_by("name")
        if instance is not None:
            qs = qs.exclude(pk=instance.pk)
        model_field(self, "reports_to").queryset = qs


class MembershipForm(VisibleRecordForm):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Person.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(choices=MembershipRole.choices, widget=forms.RadioSelect)
    start_date = GovukDateField(required=False, label="Start date (optional)")
    notes = forms.CharField(widget=forms.Textarea, required=False, label="Notes (optional)")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        model_field(self, "person").queryset = partnership.people.order_by("name")
        labels_from(self.fields["person"], lambda p: f"{p.name} ({p.initials})")


class MembershipApproveForm(GovukForm):
    approved_by: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Group.objects.none(), empty_label=None, label="Approved by"
    )
    approved_on = GovukDateField(label="Date approved")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "approved_by").queryset = partnership.groups.order_by("name")


class MembershipEndForm(GovukForm):
    end_date = GovukDateField(label="Date the membership ended")


class PeopleImportForm(GovukForm):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: name, initials, title, body, email. UTF-8. Up to 1 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload
