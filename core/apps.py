"""App configuration for core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db import connection

        if connection.vendor == "postgresql":  # the backend's class; no connection is opened
            from django.contrib.postgres.search import SearchVectorExact

            from core.models import SearchVectorField

            SearchVectorField.register_lookup(SearchVectorExact)
