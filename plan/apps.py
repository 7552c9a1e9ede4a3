"""App config for the partnership plan."""

from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "plan"
    verbose_name = "Partnership plan"
