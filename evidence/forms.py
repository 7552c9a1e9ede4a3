"""Forms for the partner evidence pages."""

from __future__ import annotations

from django import forms

from core.forms import GovukForm
from evidence.ingest import MONTH
from evidence.models import Geography, Granularity
from evidence.presets import PRESETS
from partnership.forms import VisibleRecordForm


class DatasetForm(VisibleRecordForm):
    """Declare a dataset: who supplies it, what it counts, how often and by which geography."""

    template = forms.ChoiceField(
        label="s17A template (optional)",
        required=False,
        choices=[("", "None: a dataset of our own"), *((p.key, p.title) for p in PRESETS)],
    )
    source = forms.CharField(max_length=200, label="Source body", help_text="e.g. Kent Police")
    title = forms.CharField(max_length=200)
    measure = forms.CharField(max_length=200, label="What is counted")
    unit = forms.CharField(max_length=60, label="Unit", help_text="e.g. incidents, admissions")
    theme = forms.CharField(
        max_length=100, required=False, label="Priority it evidences (optional)"
    )
    granularity = forms.ChoiceField(
        label="Period", choices=Granularity.choices, widget=forms.RadioSelect
    )
    geography = forms.ChoiceField(choices=Geography.choices, widget=forms.RadioSelect)
    geography_codes = forms.CharField(
        required=False,
        label="Codes that make up the area (outward postcodes or wards only)",
        help_text="Separated by spaces, e.g. ME14 ME15 ME16",
    )
    harm_weight = forms.FloatField(min_value=0, max_value=100000, initial=1.0, label="Harm weight")


class LoadForm(GovukForm):
    """One period's file for a declared dataset."""

    period = forms.CharField(
        max_length=7,
        label="Period",
        help_text="The month, e.g. 2010-07; for a quarter, its first month (2010-07 is July to "
        "September)",
    )
    file = forms.FileField(label="CSV or Excel (.xlsx) file")

    def clean_period(self) -> str:
        value = self.cleaned_data["period"].strip()
        if not MONTH.match(value):
            raise forms.ValidationError("Enter the period as a month like 2010-07")
        return value

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Choose a CSV file or an Excel (.xlsx) file")
        return upload


class RoadUploadForm(GovukForm):
    """A year's STATS19 collision and casualty files."""

    year = forms.IntegerField(min_value=1979, max_value=2100, label="Year")
    collisions = forms.FileField(label="Collision (accident) CSV file")
    casualties = forms.FileField(label="Casualty CSV file")

    def _csv(self, name: str):
        upload = self.cleaned_data[name]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("Choose a CSV file")
        return upload

    def clean_collisions(self):
        return self._csv("collisions")

    def clean_casualties(self):
        return self._csv("casualties")
