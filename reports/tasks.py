"""Background work of the reports app, on Django's tasks framework."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from partnership.models import Partnership
from reports.services import compliance_alerts_send


@task
def send_compliance_alerts(on: str | None = None, partnership_id: int | None = None) -> dict:
    """Weekly: tell coordinators which statutory duties are overdue or due within 30 days.

    Safe to run more than once a week: each coordinator gets at most one alert a week.
    """
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    partnerships = Partnership.objects.all()
    if partnership_id is not None:
        partnerships = partnerships.filter(pk=partnership_id)
    totals = {"sent": 0, "skipped": 0}
    for partnership in partnerships:
        sent, skipped = compliance_alerts_send(partnership=partnership, on=day)
        totals["sent"] += sent
        totals["skipped"] += skipped
    return totals
