"""A minutes document being imported: what was read from it, waiting for a coordinator to check
and confirm it. Nothing reaches the meeting record until the draft is confirmed."""

from django.conf import settings
from django.db import models

from meetings.models import Meeting
from partnership.models import Partnership


class DraftStatus(models.TextChoices):
    PARSING = "parsing", "Being read"
    READY = "ready", "Ready to check"
    FAILED = "failed", "Could not be read"
    CONFIRMED = "confirmed", "Imported"


class MinutesDraft(models.Model):
    """An uploaded minutes document and the parse of it, checked before it is saved."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="minutes_drafts"
    )
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=DraftStatus.choices)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent read")
    # The upload, kept only while a background task reads it; emptied when reading ends.
    source = models.BinaryField(null=True, blank=True, editable=False)
    source_text = models.TextField(blank=True, help_text="The document's text, as read")
    parsed = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    confirmed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["partnership", "sha256"], name="minutes_draft_sha")]

    def __str__(self) -> str:
        return f"Import of {self.filename}"
