"""Stored documents: Word and PDF files built once per version of their source, off the request."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Stored documents"
