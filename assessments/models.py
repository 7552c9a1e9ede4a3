"""Strategic assessments, exceptions reports, scoring settings, comparators, partner measures and
evidence.

An Assessment holds the figures it generated as JSON (``result``) together with the provenance
of the crime data they came from, so a page, a Word document and a PDF of one assessment always
show the same numbers. An EvidenceSnapshot freezes the figures behind a priority: it is written
once and never changes, whatever later happens to the crime store.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from core import search
from core.models import VisibleRecord
from partnership.models import area_code_validator

METHOD_VERSION = "1.0"
"""Bumped whenever a change to the methods could change a published figure."""

month_validator = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "Enter a month such as 2018-07")


class AssessmentKind(models.TextChoices):
    STRATEGIC = "strategic", "Strategic assessment"
    EXCEPTIONS = "exceptions", "Performance exceptions report"


class AssessmentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Generating"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class Assessment(VisibleRecord):
    """One generated strategic assessment or exceptions report, with its figures frozen as JSON."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices)
    title = models.CharField(max_length=200)
    area_codes = models.JSONField(default=list)
    current_from = models.CharField(max_length=7, validators=[month_validator])
    current_to = models.CharField(max_length=7, validators=[month_validator])
    baseline_from = models.CharField(max_length=7, validators=[month_validator])
    baseline_to = models.CharField(max_length=7, validators=[month_validator])
    method_version = models.CharField(max_length=20, default=METHOD_VERSION)
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    provenance = models.JSONField(default=dict, blank=True)
    demonstration = models.BooleanField(
        default=False, help_text="Built on synthetic demonstration data, not real crime figures."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life from the worker building it."
    )
    completed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.current_to and self.current_from and self.current_to < self.current_from:
            raise ValidationError({"current_to": "The current period ends before it starts"})
        if self.baseline_to and self.baseline_from and self.baseline_to < self.baseline_from:
            raise ValidationError({"baseline_to": "The baseline period ends before it starts"})

    @property
    def is_ready(self) -> bool:
        return self.status == AssessmentStatus.DONE and self.result is not None

    search_partnership_path = "partnership"

    def search_document(self):
        """The assessment and its narrative as the search index sees them."""
        narrative = (self.result or {}).get("narrative") or []
        return search.Document(
            kind="assessment",
            kind_label="Assessment",
            title=self.title,
            body=search.joined_text(*[p if isinstance(p, str) else str(p) for p in narrative]),
            partnership_id=self.partnership_id,
            url=search.link("assessments:detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.created.date() if getattr(self, "created", None) else None,
        )


class ScoringConfig(VisibleRecord):
    """A partnership's priority-scoring weights, harm weights and public concern per category."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="scoring_config"
    )
    factor_weights = models.JSONField(default=dict, blank=True)
    harm_weights = models.JSONField(default=dict, blank=True)
    public_concern = models.JSONField(
        default=dict, blank=True, help_text="0 (none) to 5 (very high) per category."
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Scoring for {self.partnership}"


MAX_PEERS = 30


class Comparators(models.Model):
    """The areas a partnership's assessments set its figures beside: its county and peer family.

    The county is the two-tier county its district lies in (for a unitary or metropolitan
    district, its force area or metropolitan county); the peer family is a list of similar areas,
    as the Home Office's most similar groups are, each a name and its local authority codes.
    Area names and codes are public, like the partnership's own. The codes are checked against
    the loaded geography by ``assessments.services.comparators_update``.
    """

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="comparators"
    )
    county_name = models.CharField("county", max_length=200, blank=True)
    county_codes = models.JSONField(default=list, blank=True)
    peers = models.JSONField(
        default=list, blank=True, help_text='[{"name": "Bradford", "codes": ["E08000032"]}, …]'
    )
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "comparators"

    def __str__(self) -> str:
        return f"Comparators of {self.partnership}"

    @property
    def is_empty(self) -> bool:
        return not self.county_codes and not self.peers

    def clean(self) -> None:
        if not isinstance(self.county_codes, list) or not isinstance(self.peers, list):
            raise ValidationError("The county's codes and the peer family must be lists")
        if self.county_codes and not self.county_name.strip():
            raise ValidationError({"county_name": "Enter the county's name"})
        if self.county_name.strip() and not self.county_codes:
            raise ValidationError({"county_codes": "Enter the local authority codes of the county"})
        for code in self.county_codes:
            try:
                area_code_validator(code)
            except ValidationError:
                raise ValidationError(
                    {"county_codes": f"{code} is not a local authority code such as E07000110"}
                ) from None
        if len(self.peers) > MAX_PEERS:
            raise ValidationError({"peers": f"A peer family has at most {MAX_PEERS} areas"})
        for peer in self.peers:
            name = str(peer.get("name", "")).strip() if isinstance(peer, dict) else ""
            codes = peer.get("codes") if isinstance(peer, dict) else None
            if not name or len(name) > 200:
                raise ValidationError({"peers": "Give each peer area a name of up to 200 letters"})
            if not isinstance(codes, list) or not codes:
                raise ValidationError({"peers": f"{name}: enter its local authority codes"})
            for code in codes:
                try:
                    area_code_validator(code)
                except ValidationError:
                    raise ValidationError(
                        {"peers": f"{name}: {code} is not a local authority code such as E07000110"}
                    ) from None


class PartnerMeasure(VisibleRecord):
    """A measure a partner reports periodically, such as repeat domestic abuse victims."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="partner_measures"
    )
    name = models.CharField(max_length=200)
    category = models.CharField(
        max_length=60, blank=True, help_text="The police.uk category it relates to, if any."
    )
    higher_is_worse = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="unique_partner_measure_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnerMeasureValue(models.Model):
    """One period's value of a partner measure, as uploaded (visibility is the measure's)."""

    measure = models.ForeignKey(PartnerMeasure, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=7, validators=[month_validator])
    value = models.FloatField()
    source = models.CharField(max_length=255, blank=True, help_text="The uploaded file's name.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_value_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.period} = {self.value:g}"


class EvidenceSnapshot(VisibleRecord):
    """The figures behind a priority, frozen when it was adopted. Never edited afterwards."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="evidence_snapshots"
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="snapshots",
        help_text="The assessment it was taken from (kept even if that is later deleted).",
    )
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=60, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    current_from = models.CharField(max_length=7, blank=True)
    current_to = models.CharField(max_length=7, blank=True)
    baseline_from = models.CharField(max_length=7, blank=True)
    baseline_to = models.CharField(max_length=7, blank=True)
    provenance = models.JSONField(default=dict, blank=True)
    method_version = models.CharField(max_length=20, default=METHOD_VERSION)
    demonstration = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title
