"""Forms for crime data pages."""

from django import forms

from core.forms import GovukForm


class CrimeUploadForm(GovukForm):
    """A police.uk CSV file or zip archive to import."""

    file = forms.FileField(
        label="police.uk CSV file or zip archive",
        help_text=(
            "A file named like 2018-07-west-yorkshire-street.csv, or a police.uk archive zip "
            "holding a folder per month."
        ),
    )

    confirm = forms.BooleanField(
        required=False,
        label=(
            "Import even if the file has materially fewer rows than the month it replaces, "
            "or few of its crimes lie in our area"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not (name.endswith(".csv") or name.endswith(".zip")):
            raise forms.ValidationError("Choose a CSV file or a zip archive")
        return upload
