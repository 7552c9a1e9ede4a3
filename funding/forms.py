"""Forms for funding. Amounts are typed in pounds and handed to services in pence."""

import re
from decimal import Decimal, InvalidOperation

from django import forms

from core.forms import GovukDateField, GovukForm, VisibilityField, labels_from, model_field
from funding.models import Pot, Protocol
from meetings.models import Item
from partnership.models import Partnership
from plan.forms import YearField
from plan.models import Priority, Theme

# ASCII digits only: \d would also take "٣" (Arabic-Indic three) or "５", and Decimal reads them.
_MONEY = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$", re.ASCII)


class MoneyField(forms.CharField):
    """An amount in pounds, such as 5000, £5,000 or 5000.50; cleaned to integer pence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "In pounds, for example 5000 or 5000.50")
        self.allow_zero = kwargs.pop("allow_zero", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        text = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        if not _MONEY.match(text):
            raise forms.ValidationError("Enter an amount in pounds, such as 5000 or 5000.50")
        try:
            pence = int(Decimal(text) * 100)
        except InvalidOperation:
            raise forms.ValidationError("Enter an amount in pounds") from None
        if pence == 0 and not self.allow_zero:
            raise forms.ValidationError("The amount must be more than £0")
        if pence > 10**13:
            raise forms.ValidationError("The amount is too large")
        return pence


def pounds(pence: int | None) -> str:
    """Pence as a form value in pounds ("5000" or "5000.50")."""
    if pence is None:
        return ""
    whole, rem = divmod(pence, 100)
    return f"{whole}.{rem:02d}" if rem else str(whole)


class PotForm(GovukForm):
    name = forms.CharField(max_length=200, help_text="For example: SMP under-spend")
    funder: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, empty_label=None)
    year = YearField()
    amount_pence = MoneyField(label="Amount")
    conditions = forms.CharField(
        widget=forms.Textarea, required=False, label="Conditions (optional)"
    )
    visibility = VisibilityField()

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "funder").queryset = partnership.bodies.order_by("name")


class RequestForm(GovukForm):
    requesting_body: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, empty_label=None, label="Requesting body"
    )
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(widget=forms.Textarea, help_text="What the money is for")
    amount_pence = MoneyField(label="Amount requested")
    priority: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Priority it serves (optional)", empty_label="None"
    )
    theme = forms.ChoiceField(
        choices=[("", "None"), *Theme.choices], required=False, label="Theme (optional)"
    )
    retrospective = forms.BooleanField(
        required=False,
        label="The form is being completed after the decision (retrospective)",
    )
    visibility = VisibilityField()

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "requesting_body").queryset = partnership.bodies.order_by("name")
        model_field(self, "priority").queryset = Priority.objects.filter(partnership=partnership)


class SubmitForm(GovukForm):
    submitted_on = GovukDateField(label="Date submitted")


class CheckForm(GovukForm):
    """One checkbox per active criterion of the protocol."""

    checked_on = GovukDateField(label="Date checked")

    def __init__(self, *args, protocol: Protocol, existing: dict[int, bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(protocol.criteria.filter(active=True))
        for c in self.criteria:
            self.fields[f"criterion_{c.pk}"] = forms.BooleanField(
                required=False, label=c.text, initial=existing.get(c.pk, False)
            )

    def results(self) -> dict[int, bool]:
        return {c.pk: bool(self.cleaned_data.get(f"criterion_{c.pk}")) for c in self.criteria}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    decided_on = GovukDateField(label="Date of the decision")
    decided_by = forms.CharField(
        max_length=200, label="Who decided", help_text="For example: the delivery group"
    )
    meeting_item: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Meeting item where it was decided",
        empty_label="Not decided at a meeting",
    )
    meeting_reference = forms.CharField(
        max_length=200,
        required=False,
        label="Or describe the meeting and item (if not in CSP Hub)",
        help_text="For example: delivery group, 25 November 2010, item 8.1",
    )
    decision_note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")
    over_commit = forms.BooleanField(
        required=False, label="Approve even if it over-commits the pot"
    )
    over_commitment_reason = forms.CharField(
        widget=forms.Textarea, required=False, label="Why the pot may be over-committed"
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "meeting_item").queryset = (
            Item.objects.filter(meeting__partnership=partnership)
            .select_related("meeting", "meeting__group")
            .order_by("-meeting__date", "position")
        )
        labels_from(
            self.fields["meeting_item"],
            lambda i: (
                f"{i.meeting.group.name}, {i.meeting.date.day} "
                f"{i.meeting.date:%B %Y}: {i.number} {i.title}"
            ),
        )


class PaidForm(GovukForm):
    paid_on = GovukDateField(label="Date paid")


class RolloverForm(GovukForm):
    amount_pence = MoneyField(label="Amount to carry into next year")
    asked_of: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, empty_label=None, label="Asked of (funder)"
    )
    requested_on = GovukDateField(label="Date asked")
    reason = forms.CharField(widget=forms.Textarea, required=False, label="Reason (optional)")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "asked_of").queryset = partnership.bodies.order_by("name")


class RolloverOutcomeForm(GovukForm):
    approved = forms.TypedChoiceField(
        choices=[("yes", "Approved"), ("no", "Declined")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="The funder's answer",
    )
    outcome_on = GovukDateField(label="Date of the answer")
    into_pot: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Next year's pot that receives it (optional)",
        empty_label="None yet",
    )
    outcome_note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")

    def __init__(self, *args, pot: Pot, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "into_pot").queryset = Pot.objects.filter(
            partnership=pot.partnership, year__gt=pot.year
        )


class ProtocolForm(GovukForm):
    decider = forms.CharField(
        max_length=200,
        label="Who decides",
        help_text="For example: the delivery group, at a meeting",
    )
    coordinator_limit_pence = MoneyField(
        label="Coordinator's limit",
        allow_zero=True,
        help_text="Requests up to this may be approved between meetings; 0 means all go to a meeting",
    )
    criteria = forms.CharField(
        widget=forms.Textarea,
        label="Criteria checklist",
        help_text="One criterion a line; every request must meet each one",
    )
    adopted_on = GovukDateField(required=False, label="Date adopted (optional)")
    notes = forms.CharField(widget=forms.Textarea, required=False, label="Notes (optional)")

    def clean_criteria(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["criteria"].splitlines()]
        return [line for line in lines if line]
