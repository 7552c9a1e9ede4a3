"""Provenance of crime data: each import run and each police.uk file it wrote to the store.

The crime rows themselves live in the Parquet store (see crime/store.py), not in this database.
"""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    CHECK = "check", "Needs confirmation"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class CrimeImport(models.Model):
    """One import run, from an upload or the command line, with its progress and outcome."""

    partnership = models.ForeignKey(
        "partnership.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crime_imports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crime_imports",
    )
    requested_by_name = models.CharField(
        max_length=200, blank=True, help_text="Who started it, kept if the account is deleted."
    )
    source_name = models.CharField(max_length=1000)
    upload_path = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default="queued")
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    files_unchanged = models.PositiveIntegerField(default=0)
    rows_kept = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    checks = models.JSONField(
        default=list,
        blank=True,
        help_text="What the user must confirm before the import goes ahead (fewer rows, area).",
    )
    confirmed = models.BooleanField(
        default=False, help_text="The user confirmed the checks; the import may go ahead."
    )
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    area_codes = models.JSONField(
        default=list, blank=True, help_text="The partnership's area when it was uploaded."
    )
    area_rows = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Street rows in the partnership's area."
    )
    created = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life from the worker doing the import."
    )
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class ImportedFile(models.Model):
    """One police.uk CSV written to the store: its sha256, rows and quality counts."""

    crime_import = models.ForeignKey(CrimeImport, on_delete=models.CASCADE, related_name="files")
    source = models.CharField(max_length=1000)
    sha256 = models.CharField(max_length=64, db_index=True)
    dataset = models.CharField(max_length=20)
    force = models.CharField(max_length=40)
    month = models.CharField(max_length=7)
    outcome = models.CharField(max_length=10, help_text="imported or replaced")
    rows_read = models.PositiveIntegerField()
    rows_kept = models.PositiveIntegerField()
    previous_rows = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rows the partition held before this file replaced it."
    )
    unallocated = models.PositiveIntegerField(default=0)
    asb_without_crime_id = models.PositiveIntegerField(default=0)
    crimes_without_crime_id = models.PositiveIntegerField(default=0)
    unknown_crime_types = models.PositiveIntegerField(default=0)
    legacy_categories_mapped = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["-imported_at", "dataset", "force", "month"]
        indexes = [models.Index(fields=["dataset", "force", "month"])]

    def __str__(self) -> str:
        return f"{self.dataset}/{self.force}/{self.month} from {self.source}"


class UpdateStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class PoliceUkUpdate(models.Model):
    """One run of the monthly police.uk update (crime/police_uk.py): what it found and did."""

    partnerships = models.ManyToManyField(
        "partnership.Partnership", blank=True, related_name="police_uk_updates"
    )
    requested_by_name = models.CharField(max_length=200, blank=True)
    base_url = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.RUNNING
    )
    forces = models.JSONField(default=list, blank=True)
    months_listed = models.JSONField(
        default=list, blank=True, help_text="The months police.uk listed as published."
    )
    arrived = models.JSONField(
        default=list, blank=True, help_text="Files imported for months the store lacked."
    )
    replaced = models.JSONField(
        default=list, blank=True, help_text="Files police.uk republished with a new checksum."
    )
    warnings = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True, help_text="What the quality checks found.")
    error = models.TextField(blank=True)
    notified = models.JSONField(default=list, blank=True, help_text="Who was e-mailed.")
    imports = models.ManyToManyField(CrimeImport, blank=True, related_name="police_uk_updates")
    created = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life from the worker doing the update."
    )
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"police.uk update of {self.created:%Y-%m-%d} ({self.get_status_display()})"


class PoliceUkArchive(models.Model):
    """A police.uk monthly archive as last downloaded, so a republished one can be told apart."""

    url = models.CharField(max_length=500, unique=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    months = models.JSONField(default=list, blank=True, help_text="Months the archive holds.")
    fetched_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.url


class WardLookup(models.Model):
    """An ONS LSOA (2011) → electoral ward best-fit lookup loaded for a partnership's area.

    Only the partnership's current lookup (``replaced_at`` empty) keeps its LSOA rows; a replaced
    one is kept as provenance: which file, its SHA-256 and rows, who loaded it and when.
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="ward_lookups"
    )
    source_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    ward_year = models.CharField(
        max_length=4, help_text='The year of the wards, from the file\'s columns ("2020": WD20CD).'
    )
    rows_read = models.PositiveIntegerField(help_text="Data rows in the file.")
    lsoas = models.PositiveIntegerField(help_text="The area's LSOAs given a ward.")
    wards = models.PositiveIntegerField(help_text="Wards the area's LSOAs fall in.")
    skipped = models.PositiveIntegerField(
        default=0, help_text="Rows for LSOAs outside the partnership's area."
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loaded_by_name = models.CharField(max_length=200, blank=True)
    loaded_at = models.DateTimeField()
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(replaced_at__isnull=True),
                name="one_current_ward_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.lsoas} LSOAs in {self.wards} wards)"


class LsoaWard(models.Model):
    """One LSOA of the partnership's area and the ward it is best-fitted to."""

    lookup = models.ForeignKey(WardLookup, on_delete=models.CASCADE, related_name="rows")
    lsoa_code = models.CharField(max_length=9)
    ward_code = models.CharField(max_length=9)
    ward_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["ward_name", "lsoa_code"]
        constraints = [
            models.UniqueConstraint(fields=["lookup", "lsoa_code"], name="unique_lookup_lsoa")
        ]

    def __str__(self) -> str:
        return f"{self.lsoa_code} → {self.ward_name} ({self.ward_code})"
