"""App configuration for meetings, minutes and decisions."""

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, minutes and decisions"
