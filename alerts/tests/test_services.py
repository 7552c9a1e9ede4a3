"""Announcing, fanning out and sending alerts: once each, only to those who may see them."""

import datetime as dt
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string

from alerts import sending, services
from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import Announcement, Delivery, DeliveryStatus, Frequency, Kind, Subscriber
from core.models import Visibility
from engagement.services import public_meeting_record
from meetings import services as meeting_services
from meetings.factories import ItemFactory, MeetingFactory


class BouncingBackend(EmailBackend):
    """locmem, except that addresses at bounce.example refuse mail (550) and at
    busy.example are told to try later (451)."""

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if address.endswith("@bounce.example"):
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
                if address.endswith("@busy.example"):
                    raise smtplib.SMTPRecipientsRefused({address: (451, b"Try again later")})
        return super().send_messages(messages)


def _announce(world, *, key="minutes:1:v1", visibility=Visibility.PUBLIC, group=None, **kw):
    return services.announce(
        partnership=world.partnership,
        group=group or world.groups["public"],
        kind=kw.pop("kind", Kind.MINUTES),
        title=kw.pop("title", "Minutes of the meeting of 12 January 2012"),
        path="/p/partnership-a/meetings/1/minutes/",
        visibility=visibility,
        key=key,
        **kw,
    )


def _subscribe(world, role_or_email, **kw):
    user = world.users.get(role_or_email)
    if user is not None:
        subscriber = SubscriberFactory(email=user.email, user=user)
    else:
        subscriber = SubscriberFactory(email=role_or_email)
    kw.setdefault("group", world.groups["public"])
    return SubscriptionFactory(subscriber=subscriber, **kw)


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.django_db
def test_an_announcement_is_sent_once_per_subscriber_however_often_it_is_announced(
    world, django_capture_on_commit_callbacks
):
    sub = _subscribe(world, "resident@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        first = _announce(world)
    with django_capture_on_commit_callbacks(execute=True):
        again = _announce(world, title="A different title")
    assert first.pk == again.pk
    assert Announcement.objects.count() == 1
    assert len(mail.outbox) == 1
    # Retrying the fan-out and the batch (a worker's retry) sends nothing more.
    batches = sending.fan_out(announcement_id=first.pk)
    assert batches == []
    delivery = Delivery.objects.get(subscription=sub)
    assert sending.send_batch(delivery_ids=[delivery.pk]).sent == 0
    assert len(mail.outbox) == 1
    assert delivery.status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_the_alert_links_to_the_record_and_carries_one_click_unsubscribe(
    world, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://csp.example.gov.uk"
    _subscribe(world, "resident@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world)
    (message,) = mail.outbox
    assert message.subject == "Minutes published: Minutes of the meeting of 12 January 2012"
    assert "https://csp.example.gov.uk/p/partnership-a/meetings/1/minutes/" in message.body
    leave = message.extra_headers["List-Unsubscribe"]
    assert leave.startswith("<https://csp.example.gov.uk/alerts/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert leave.strip("<>") in message.body
    assert "https://csp.example.gov.uk/alerts/manage/" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("visibility", "who_gets_it"),
    [
        (Visibility.PUBLIC, {"resident@example.net", "viewer", "member", "coordinator", "other"}),
        (Visibility.PARTNERS, {"viewer", "member", "coordinator"}),
        (Visibility.RESTRICTED, {"member", "coordinator"}),
    ],
)
def test_an_alert_goes_only_to_subscribers_who_may_see_the_record(
    world, django_capture_on_commit_callbacks, visibility, who_gets_it
):
    roles = {
        "resident@example.net": "resident@example.net",
        "viewer": "viewer",
        "member": "member",
        "coordinator": "coordinator",
        "other": "other_coordinator",
    }
    subs = {name: _subscribe(world, role) for name, role in roles.items()}
    restricted_to = [world.member_person] if visibility == Visibility.RESTRICTED else []
    with django_capture_on_commit_callbacks(execute=True):
        _announce(
            world, visibility=visibility, title="CANARY decision", restricted_to=restricted_to
        )
    got = {name for name, s in subs.items() if _to(s.subscriber.email)}
    assert got == who_gets_it
    assert all("CANARY" in m.body for m in mail.outbox)
    skipped = Delivery.objects.filter(status=DeliveryStatus.SKIPPED).count()
    assert skipped == len(roles) - len(who_gets_it)


@pytest.mark.django_db
def test_a_public_record_of_a_partners_only_group_reaches_only_partners(
    world, django_capture_on_commit_callbacks
):
    group = world.groups["partners"]
    public = _subscribe(world, "resident@example.net", group=group)
    viewer = _subscribe(world, "viewer", group=group)
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world, group=group)
    assert _to(viewer.subscriber.email)
    assert not _to(public.subscriber.email)


@pytest.mark.django_db
def test_only_the_kinds_asked_for_and_only_confirmed_active_subscriptions(
    world, django_capture_on_commit_callbacks
):
    wants_decisions = _subscribe(world, "a@example.net", wants_minutes=False)
    unconfirmed = _subscribe(world, "b@example.net", confirmed_at=None)
    suspended = _subscribe(world, "c@example.net")
    Subscriber.objects.filter(pk=suspended.subscriber_id).update(
        suspended_at=dt.datetime.now(dt.UTC)
    )
    other_group = _subscribe(world, "d@example.net", group=world.groups["partners"])
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world, kind=Kind.DECISION, key="decision:1")
    assert [m.to for m in mail.outbox] == [[wants_decisions.subscriber.email]]
    assert not Delivery.objects.filter(
        subscription__in=[unconfirmed, suspended, other_group]
    ).exists()


@pytest.mark.django_db
def test_digests_gather_the_waiting_alerts_into_one_e_mail_once(
    world, django_capture_on_commit_callbacks
):
    daily = _subscribe(world, "daily@example.net", frequency=Frequency.DAILY)
    weekly = _subscribe(world, "weekly@example.net", frequency=Frequency.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world, key="minutes:1:v1", title="Minutes of January")
        _announce(world, key="decision:7", kind=Kind.DECISION, title="Fund the CCTV")
        _announce(world, key="minutes:2:v1", visibility=Visibility.PARTNERS, title="CANARY")
    assert mail.outbox == []
    result = sending.send_digests(frequency=Frequency.DAILY)
    assert result.sent == 2 and result.skipped == 1
    (message,) = mail.outbox
    assert message.to == [daily.subscriber.email]
    assert "Minutes of January" in message.body and "Fund the CCTV" in message.body
    assert "CANARY" not in message.body
    assert message.subject == "Public Group: 2 new alerts (daily digest)"
    assert "List-Unsubscribe" in message.extra_headers
    assert sending.send_digests(frequency=Frequency.DAILY).sent == 0
    assert len(mail.outbox) == 1
    sending.send_digests(frequency=Frequency.WEEKLY)
    assert [m.to for m in mail.outbox[1:]] == [[weekly.subscriber.email]]
    with pytest.raises(ValueError, match="daily or weekly"):
        sending.send_digests(frequency=Frequency.IMMEDIATE)


@pytest.mark.django_db
def test_hard_bounces_are_logged_and_suspend_the_address_after_the_limit(
    world, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "alerts.tests.test_services.BouncingBackend"
    settings.ALERTS_BOUNCE_LIMIT = 3
    gone = _subscribe(world, "gone@bounce.example")
    busy = _subscribe(world, "later@busy.example")
    fine = _subscribe(world, "fine@example.net")
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            _announce(world, key=f"minutes:{n}:v1")
    gone.subscriber.refresh_from_db()
    busy.subscriber.refresh_from_db()
    assert gone.subscriber.suspended_at is not None
    assert gone.subscriber.hard_bounces == 3
    bounced = Delivery.objects.filter(subscription=gone)
    assert [d.status for d in bounced] == [DeliveryStatus.BOUNCED] * 3  # the 4th is not tried
    assert "550" in bounced.first().error
    # A 4xx refusal is a failure, logged, that does not count towards suspension.
    assert busy.subscriber.suspended_at is None and busy.subscriber.hard_bounces == 0
    assert set(Delivery.objects.filter(subscription=busy).values_list("status", flat=True)) == {
        DeliveryStatus.FAILED
    }
    assert len(_to(fine.subscriber.email)) == 4


@pytest.mark.django_db
def test_a_batch_uses_one_connection(
    world, django_capture_on_commit_callbacks, settings, monkeypatch
):
    settings.ALERTS_BATCH_SIZE = 10
    opened = []
    original = sending.open_connection

    def counting():
        connection = original()
        opened.append(connection)
        return connection

    monkeypatch.setattr(sending, "open_connection", counting)
    for n in range(25):
        _subscribe(world, f"r{n}@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world)
    assert len(mail.outbox) == 25
    assert len(opened) == 3


@pytest.mark.django_db
def test_approving_minutes_announces_them_to_the_group(world, django_capture_on_commit_callbacks):
    group = world.groups["public"]
    sub = _subscribe(world, "resident@example.net")
    first = MeetingFactory(group=group, date=dt.date(2012, 1, 12))
    later = MeetingFactory(group=group, date=dt.date(2012, 3, 8))
    ItemFactory(meeting=first, number="1", title="Funding requests")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.minutes_circulate(meeting=first)
    # Circulated drafts go to the group's members for comment (meetings), never as an alert.
    assert _to(sub.subscriber.email) == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.minutes_approve(meeting=first, approved_at=later)
    (message,) = _to(sub.subscriber.email)
    assert message.subject == (
        "Minutes published: Minutes of the meeting of Public Group, 12 January 2012"
    )
    assert f"/p/partnership-a/meetings/{first.pk}/minutes/" in message.body


@pytest.mark.django_db
def test_a_decision_and_a_public_meeting_notice_are_announced(
    world, django_capture_on_commit_callbacks
):
    sub = _subscribe(world, "resident@example.net")
    # A second group's subscription of the same address: the notice still comes once.
    SubscriptionFactory(subscriber=sub.subscriber, group=world.groups["partners"])
    with django_capture_on_commit_callbacks(execute=True):
        decision = meeting_services.decision_create(
            partnership=world.partnership,
            title="Fund the Youth Diversion Project",
            made_on=dt.date(2012, 3, 8),
            made_by_group=world.groups["public"],
        )
        meeting_services.decision_create(
            partnership=world.partnership,
            title="A decision by a role",
            made_on=dt.date(2012, 3, 8),
            made_by_role="Cabinet Member",
        )
        notice = public_meeting_record(
            partnership=world.partnership,
            held_on=dt.date(2012, 6, 1),
            venue="Town Hall",
            notice_published_on=dt.date(2012, 5, 1),
            visibility=Visibility.PUBLIC,
        )
        public_meeting_record(
            partnership=world.partnership, held_on=dt.date(2012, 7, 1), venue="No notice yet"
        )
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Decisions: Decision of 8 March 2012: Fund the Youth Diversion Project",
        "Public-meeting notices: Public meeting on 1 June 2012 at Town Hall",
    ]
    bodies = " ".join(m.body for m in mail.outbox)
    assert f"/meetings/decisions/{decision.pk}/" in bodies
    assert f"/engagement/public-meetings/{notice.pk}/" in bodies


@pytest.mark.django_db
def test_the_digest_task_runs_by_its_dotted_path_for_the_scheduler(
    world, django_capture_on_commit_callbacks
):
    _subscribe(world, "weekly@example.net", frequency=Frequency.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        _announce(world)
    result = import_string("alerts.tasks.send_digests").enqueue("weekly")
    assert result.return_value == {
        "sent": 1,
        "skipped": 0,
        "bounced": 0,
        "failed": 0,
        "suspended": 0,
    }
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_alerts_left_sending_by_a_dead_worker_are_failed_not_resent(world):
    dead = _subscribe(world, "dead@example.net")
    alive = _subscribe(world, "alive@example.net")
    announcement = _announce(world)
    sending.fan_out(announcement_id=announcement.pk)
    # Two workers claimed a delivery each: one died 31 minutes ago, one is sending now.
    long_ago = timezone.now() - dt.timedelta(minutes=31)
    Delivery.objects.filter(subscription=dead).update(
        status=DeliveryStatus.SENDING, claimed_at=long_ago
    )
    Delivery.objects.filter(subscription=alive).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    mail.outbox = []
    out = io.StringIO()
    call_command("sweep_stale_work", stdout=out)
    assert "1 alerts marked failed" in out.getvalue()
    stale = Delivery.objects.get(subscription=dead)
    assert stale.status == DeliveryStatus.FAILED
    assert "stopped before it recorded whether the e-mail went" in stale.error
    assert "It is not sent again" in stale.error
    assert Delivery.objects.get(subscription=alive).status == DeliveryStatus.SENDING
    # Nothing is resent, by the sweep or by a later batch.
    assert sending.send_batch(delivery_ids=[stale.pk]).sent == 0
    assert mail.outbox == []
    assert sending.stale_deliveries_fail() == 0
