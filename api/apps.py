"""The open-data API: read-only JSON and CSV over the record, with personal API tokens."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Open-data API"
    default_auto_field = "django.db.models.BigAutoField"
