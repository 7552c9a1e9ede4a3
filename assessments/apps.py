"""The assessments app: strategic assessment, performance exceptions, evidence for priorities."""

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"
