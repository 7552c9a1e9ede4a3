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


class WardLookupForm(GovukForm):
    """The ONS LSOA (2011) to electoral ward best-fit lookup, as CSV."""

    file = forms.FileField(
        label="LSOA to ward best-fit lookup (CSV)",
        help_text=(
            "The ONS file 'LSOA (2011) to Electoral Ward best-fit lookup' from the Open "
            "Geography Portal, with columns LSOA11CD, LSOA11NM, WD20CD, WD20NM, LAD20CD and "
            "LAD20NM (another year's ward columns, such as WD19CD, work too). The national "
            "file is fine: rows outside the partnership's area are skipped."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("Choose a CSV file")
        if upload.size is not None and upload.size > WARD_LOOKUP_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB: is it the right lookup?")
        return upload


WARD_LOOKUP_MAX_BYTES = 20 << 20
"""The national LSOA → ward file is about 3 MB."""
