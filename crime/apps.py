"""The crime app: police.uk data in a DuckDB/Parquet store, with geography and provenance."""

from django.apps import AppConfig


class CrimeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "crime"
    verbose_name = "Crime data"
