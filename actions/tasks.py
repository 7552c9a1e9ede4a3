"""Background work of the action register, on Django's tasks framework."""

import datetime as dt

from django.tasks import task

from actions.services import reminders_send
from partnership.models import Partnership


@task
def send_action_reminders(days: int = 7, on: str | None = None, partnership_id: int | None = None):
    """Daily: remind owners of actions due within `days` and overdue; summarise for coordinators.

    Safe to run more than once a day: each person gets at most one e-mail of each kind a day.
    """
    day = dt.date.fromisoformat(on) if on else dt.date.today()
    partnerships = Partnership.objects.all()
    if partnership_id is not None:
        partnerships = partnerships.filter(pk=partnership_id)
    totals = {"owners_sent": 0, "coordinators_sent": 0, "skipped": 0}
    for partnership in partnerships:
        result = reminders_send(partnership=partnership, on=day, days=days)
        for key in totals:
            totals[key] += getattr(result, key)
    return totals
