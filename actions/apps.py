"""App configuration for the action register."""

from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action register"

    def ready(self) -> None:
        # Meetings sits below actions and never imports it: actions plugs its parts of the
        # meeting page and of the minutes (ACTION and DEADLINE columns) in here.
        from actions import meeting_parts

        meeting_parts.register()
