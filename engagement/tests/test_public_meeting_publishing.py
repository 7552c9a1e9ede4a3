"""A public meeting's notice is published before it and its summary after it (reg 12); the
public site and the compliance calendar read the dates these services record."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engagement.services import (
    public_meeting_notice_publish,
    public_meeting_record,
    public_meeting_summary_publish,
)
from reports.compliance import compliance_calendar

pytestmark = pytest.mark.django_db


def _meeting(world, days_ahead: int):
    return public_meeting_record(
        partnership=world.partnership,
        held_on=timezone.localdate() + dt.timedelta(days=days_ahead),
        venue="Corn Exchange",
    )


def test_a_notice_cannot_be_published_after_the_meeting(world):
    meeting = _meeting(world, -1)
    with pytest.raises(ValidationError) as exc:
        public_meeting_notice_publish(meeting=meeting, on=timezone.localdate())
    assert "before the meeting" in str(exc.value)


def test_a_summary_cannot_be_published_before_the_meeting(world):
    meeting = _meeting(world, 3)
    with pytest.raises(ValidationError) as exc:
        public_meeting_summary_publish(meeting=meeting, summary="Speeding", on=timezone.localdate())
    assert "after the meeting" in str(exc.value)


def test_the_coordinator_publishes_the_notice_then_the_summary(world):
    today = timezone.localdate()
    meeting = _meeting(world, 0)
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    slug, pk = world.slug, meeting.pk
    notice = reverse("engagement:public_meeting_notice", kwargs={"slug": slug, "pk": pk})
    summary = reverse("engagement:public_meeting_summary", kwargs={"slug": slug, "pk": pk})
    detail = coordinator.get(
        reverse("engagement:public_meeting_detail", kwargs={"slug": slug, "pk": pk})
    ).content.decode()
    assert notice in detail and summary in detail
    response = coordinator.post(notice, {"notice_url": "https://example.org/notice"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notice_published_on == today
    assert meeting.notice_url == "https://example.org/notice"
    assert coordinator.post(summary, {"summary": ""}).status_code == 400
    response = coordinator.post(summary, {"summary": "Residents asked about the A20."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.summary, meeting.summary_published_on) == (
        "Residents asked about the A20.",
        today,
    )
    public = Client().get(reverse("publishing:have_your_say", kwargs={"slug": slug}))
    assert "Residents asked about the A20." in public.content.decode()
    duty = next(
        d
        for d in compliance_calendar(partnership=world.partnership, on=today)
        if d.key == "public_meeting"
    )
    # No responsible authority was represented, so it still does not count, but for that
    # reason alone: the notice and the summary are counted.
    assert "no notice" not in duty.note and "no summary" not in duty.note
