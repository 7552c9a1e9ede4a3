"""Partner datasets (declared once, loaded each period) and road casualties, with provenance.

The counts are few (a district's LSOAs × periods × datasets: thousands of rows a year), so they
live in the relational database beside their provenance rather than in the Parquet crime store.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import VisibleRecord


class Geography(models.TextChoices):
    LSOA = "lsoa", "LSOA"
    OUTWARD_POSTCODE = "outward_postcode", "Outward postcode"
    WARD = "ward", "Ward"
    AREA = "area", "Whole area"


class Granularity(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


class DatasetKind(models.TextChoices):
    PARTNER = "partner", "Partner dataset"
    ROAD = "road", "Road casualties (STATS19)"


class PartnerDataset(VisibleRecord):
    """A dataset a partner shares each period: what it counts, where and how often."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="partner_datasets"
    )
    kind = models.CharField(max_length=10, choices=DatasetKind.choices, default="partner")
    template = models.CharField(
        max_length=40, blank=True, help_text="The s17A template it was declared from, if any."
    )
    source = models.CharField(max_length=200, help_text="The body that supplies it.")
    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=200, help_text="What is counted.")
    unit = models.CharField(max_length=60, help_text="The unit of a count, e.g. incidents.")
    theme = models.CharField(
        max_length=100, blank=True, help_text="The priority it evidences, e.g. Domestic abuse."
    )
    granularity = models.CharField(max_length=10, choices=Granularity.choices)
    geography = models.CharField(max_length=20, choices=Geography.choices)
    geography_codes = models.JSONField(
        default=list,
        blank=True,
        help_text="For outward postcodes and wards: the codes that make up the area.",
    )
    harm_weight = models.FloatField(default=1.0)
    higher_is_worse = models.BooleanField(default=True)
    demonstration = models.BooleanField(
        default=False, help_text="Synthetic demonstration data, labelled so everywhere."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="unique_partner_dataset_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DatasetLoad(models.Model):
    """One period's file loaded into a dataset: the file's name, SHA-256, rows, who and when."""

    dataset = models.ForeignKey(PartnerDataset, on_delete=models.CASCADE, related_name="loads")
    period = models.CharField(
        max_length=7, help_text="The first month (2010-07) of the month or quarter, or a year."
    )
    months = models.JSONField(default=list, help_text="The months the file covers.")
    source_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    extra_sources = models.JSONField(
        default=list, blank=True, help_text="Further files of the same load (STATS19 casualties)."
    )
    rows = models.PositiveIntegerField(help_text="Data rows read.")
    total = models.PositiveBigIntegerField(help_text="Sum of the counts kept.")
    skipped = models.PositiveIntegerField(
        default=0, help_text="Rows outside the loaded geography or without a location."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_name = models.CharField(max_length=200, blank=True)
    area_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="Fingerprint of the LSOAs the area was made of when area_counts were summed.",
    )
    area_counts = models.JSONField(
        default=dict,
        blank=True,
        help_text='The area\'s count per "month|breakdown", summed at load time for assessments.',
    )
    replaced_sha256 = models.CharField(max_length=64, blank=True)
    replaced_rows = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dataset", "period"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "period"], name="unique_dataset_period")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.title}: {self.period}"


class DatasetCount(models.Model):
    """One count: a geography code (blank for the whole area), a month and a breakdown."""

    load = models.ForeignKey(DatasetLoad, on_delete=models.CASCADE, related_name="counts")
    month = models.CharField(max_length=7, help_text="The month, or the quarter's first month.")
    code = models.CharField(max_length=12, blank=True)
    breakdown = models.CharField(
        max_length=20, blank=True, help_text="Road casualties: fatal, serious or slight."
    )
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["load", "month"])]

    def __str__(self) -> str:
        return f"{self.code or 'area'} {self.month}: {self.count}"
