"""Forms for the assessments app. Views validate with these, then call a service."""

from django import forms

from assessments import statistics as st
from assessments.models import AssessmentKind
from assessments.periods import Period
from assessments.scoring import FACTORS
from core.forms import GovukForm
from partnership.forms import VisibleRecordForm


def _period(value: str, label: str) -> Period:
    try:
        return Period.parse(value)
    except ValueError as exc:
        raise forms.ValidationError(f"{label}: {exc}") from None


class AssessmentForm(VisibleRecordForm):
    kind = forms.ChoiceField(
        label="What to produce", choices=AssessmentKind.choices, widget=forms.RadioSelect
    )
    current = forms.CharField(
        label="Current period",
        help_text="A month (2018-07) or a range (2017-08:2018-07). An exceptions report takes one month.",
    )
    baseline = forms.CharField(
        label="Baseline period (strategic assessment only)",
        required=False,
        help_text="The same length as the current period, for example 2016-08:2017-07 or 2017-07.",
    )

    def clean_current(self) -> Period:
        return _period(self.cleaned_data["current"], "Current period")

    def clean_baseline(self) -> Period | None:
        value = self.cleaned_data["baseline"].strip()
        return _period(value, "Baseline period") if value else None

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == AssessmentKind.STRATEGIC
            and "baseline" in data
            and not data["baseline"]
        ):
            self.add_error("baseline", "Enter the baseline period")
        return data


class ScoringForm(GovukForm):
    """Factor weights, harm weight per category and public concern per category."""

    def __init__(self, *args, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for key, label in FACTORS.items():
            self.fields[f"weight_{key}"] = forms.FloatField(
                label=f"Weight: {label}", min_value=0, max_value=10
            )
        for i, category in enumerate(categories):
            self.fields[f"harm_{i}"] = forms.FloatField(
                label=f"Harm weight: {category}",
                min_value=0,
                max_value=100000,
                help_text=f"Default {st.DEFAULT_CATEGORY_WEIGHTS.get(category, 0):g}",
            )
            self.fields[f"concern_{i}"] = forms.FloatField(
                label=f"Public concern: {category}",
                min_value=0,
                max_value=5,
                help_text="0 (none) to 5 (very high)",
            )

    def weights(self) -> dict:
        return {k: self.cleaned_data[f"weight_{k}"] for k in FACTORS}

    def harm(self) -> dict:
        return {c: self.cleaned_data[f"harm_{i}"] for i, c in enumerate(self.categories)}

    def concern(self) -> dict:
        return {c: self.cleaned_data[f"concern_{i}"] for i, c in enumerate(self.categories)}


class MeasureUploadForm(VisibleRecordForm):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: measure, period, value (period as 2018-07). UTF-8. Up to 1 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


class MeasureForm(VisibleRecordForm):
    category = forms.ChoiceField(label="Related crime category", required=False)
    higher_is_worse = forms.TypedChoiceField(
        label="Which way is worse?",
        choices=[("yes", "A higher value is worse"), ("no", "A lower value is worse")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "None")] + [(c, c) for c in st.POLICE_UK_CATEGORIES]


class ComparatorsForm(GovukForm):
    """The county and the peer family, one peer area a line ("Bradford: E08000032")."""

    county_name = forms.CharField(
        label="County (optional)",
        max_length=200,
        required=False,
        help_text="The two-tier county the district lies in, such as Kent. For a unitary or "
        "metropolitan area, its force area or metropolitan county, such as West Yorkshire.",
    )
    county_codes = forms.CharField(
        label="Local authority codes of the county",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Every district in it, the partnership's own included, separated by commas",
    )
    peers = forms.CharField(
        label="Peer family (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Areas like the partnership's, as the Home Office's most similar groups are. "
        "One a line: its name, a colon, then its local authority codes, for example "
        "Bradford: E08000032",
    )

    def clean_county_codes(self) -> list[str]:
        return [
            c.strip().upper() for c in self.cleaned_data["county_codes"].split(",") if c.strip()
        ]

    def clean_peers(self) -> list[dict]:
        peers = []
        for number, line in enumerate(self.cleaned_data["peers"].splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, codes = line.partition(":")
            parsed = [c.strip().upper() for c in codes.split(",") if c.strip()]
            if not colon or not name.strip() or not parsed:
                raise forms.ValidationError(
                    f"Line {number}: write the area's name, a colon, then its local authority "
                    "codes, for example Bradford: E08000032"
                )
            peers.append({"name": name.strip(), "codes": parsed})
        return peers

    @staticmethod
    def initial_for(config) -> dict:
        """The form's fields from saved comparators (or none)."""
        if config is None:
            return {}
        return {
            "county_name": config.county_name,
            "county_codes": ", ".join(config.county_codes),
            "peers": "\n".join(f"{p['name']}: {', '.join(p['codes'])}" for p in config.peers),
        }
