"""A Word or PDF file built by the task queue for one version of its source and one audience.

The download views name the source (a meeting's minutes, an assessment), a version key that
changes whenever what the document would show changes, the audience (what the reader may see)
and the format; the first request queues the build and later ones are served the stored file.
"""

from pathlib import Path

from django.conf import settings
from django.db import models


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class StoredDocument(models.Model):
    """One built (or being built) document file."""

    kind = models.CharField(max_length=20, help_text="What the source is: minutes, assessment.")
    object_id = models.PositiveBigIntegerField(help_text="The source record's primary key.")
    version = models.CharField(max_length=64, help_text="Hash of what the document shows.")
    audience = models.CharField(
        max_length=40,
        help_text="Who may read this copy: public, partners, coordinators or person-<id>.",
    )
    format = models.CharField(max_length=5, choices=[("pdf", "PDF"), ("docx", "Word")])
    file_name = models.CharField(max_length=300, help_text="The name the download is given.")
    stored_name = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    built_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A reader of this audience, whose view of the source the file shows.",
    )
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "version", "audience", "format"],
                name="one_stored_document_per_version_audience_format",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.audience}, {self.format})"

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def path(self) -> Path:
        """Where the file lives: under the data directory, never served as a static file."""
        return documents_dir() / self.stored_name


def documents_dir() -> Path:
    return Path(settings.CSPHUB_DATA_DIR) / "documents"
