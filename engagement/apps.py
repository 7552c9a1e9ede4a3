"""App config for engagement: stakeholder events, public meetings and consultations."""

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Engagement"
