"""Visibility: every record CSP Hub holds is public, for partners, or restricted."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTNERS = "partners", "Partners only"
    RESTRICTED = "restricted", "Restricted (named people and coordinators)"


class VisibleRecord(models.Model):
    """Abstract base for records that carry a visibility and, when restricted, named readers."""

    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    restricted_to = models.ManyToManyField(
        "partnership.Person",
        blank=True,
        related_name="%(app_label)s_%(class)s_restricted",
        help_text="Who may read this record when it is restricted (coordinators always may).",
    )

    class Meta:
        abstract = True
