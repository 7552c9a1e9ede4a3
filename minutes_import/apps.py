"""Import existing minutes (Word, PDF, text, Modern.gov pages) into the meeting record."""

from django.apps import AppConfig


class MinutesImportConfig(AppConfig):
    name = "minutes_import"
    verbose_name = "Minutes import"
