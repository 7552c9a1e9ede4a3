"""The subscription form: which kinds of alert, how often, and (signed out) to which address."""

from django import forms

from alerts.models import Frequency, Kind
from core.forms import GovukForm

KIND_CHOICES = [
    (Kind.AGENDA, "Agendas, when they are published"),
    (Kind.MINUTES, "Minutes, when they are approved and published"),
    (Kind.DECISION, "Decisions, when they are recorded"),
    (Kind.PUBLIC_MEETING, "Notices of the partnership's public meetings"),
]


class SubscribeForm(GovukForm):
    email = forms.EmailField(label="E-mail address", max_length=254)
    kinds = forms.MultipleChoiceField(
        label="What do you want to hear about?",
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what you want to hear about"},
    )
    frequency = forms.ChoiceField(
        label="How often?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.IMMEDIATE,
        error_messages={"required": "Select how often"},
    )

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].widget.attrs["autocomplete"] = "email"
