"""The weekly compliance alert (reports.tasks.send_compliance_alerts) e-mailed to coordinators."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from assessments.factories import AssessmentFactory
from assessments.models import AssessmentStatus
from reports.models import ComplianceAlertSent
from reports.tasks import send_compliance_alerts

pytestmark = pytest.mark.django_db


def _assessment_done(partnership, on: dt.date):
    AssessmentFactory(
        partnership=partnership,
        status=AssessmentStatus.DONE,
        completed=timezone.make_aware(dt.datetime(on.year, on.month, on.day, 12)),
    )


def test_coordinators_are_told_what_is_overdue_once_a_week(world):
    p = world.partnership
    _assessment_done(p, dt.date(2025, 1, 10))  # the next one was due on 10 January 2026
    result = send_compliance_alerts.enqueue(on="2026-03-02", partnership_id=p.pk).return_value
    assert result == {"sent": 1, "skipped": 0}
    [message] = mail.outbox
    assert message.to == [world.users["coordinator"].email]
    assert message.subject == "PA: statutory duties, 1 overdue, 0 due within 30 days"
    assert "- OVERDUE: Annual strategic assessment, due 10 January 2026" in message.body
    assert f"/p/{p.slug}/reports/compliance/" in message.body
    # Again the same week (Wednesday): nothing more is sent.
    again = send_compliance_alerts.enqueue(on="2026-03-04", partnership_id=p.pk).return_value
    assert again == {"sent": 0, "skipped": 1}
    assert len(mail.outbox) == 1
    assert ComplianceAlertSent.objects.get().week_of == dt.date(2026, 3, 2)
    # The next week it is sent again.
    send_compliance_alerts.enqueue(on="2026-03-09", partnership_id=p.pk)
    assert len(mail.outbox) == 2


def test_nothing_due_sends_nothing(world):
    p = world.partnership
    _assessment_done(p, dt.date(2026, 2, 1))  # met: next due 1 February 2027
    result = send_compliance_alerts.enqueue(on="2026-03-02", partnership_id=p.pk).return_value
    sent = [m for m in mail.outbox if "Annual strategic assessment" in m.body]
    assert sent == [] and result["skipped"] == 0
