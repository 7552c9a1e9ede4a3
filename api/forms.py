"""The form that makes an API token."""

from django import forms

from core.forms import GovukForm


class TokenForm(GovukForm):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example: the council's open-data dashboard. Only you see this.",
    )
