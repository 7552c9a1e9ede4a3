"""App configuration for the demo loader (a top-floor app: it may call every app)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo"
