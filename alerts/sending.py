"""Fan an announcement out to its subscribers and send the e-mails, in batches.

The tasks in alerts/tasks.py call these. Each step is safe to run again:

- `fan_out` writes one Delivery per (announcement, subscription) with `ignore_conflicts`, so a
  retried fan-out adds nothing;
- `send_batch` and `send_digests` first *claim* the deliveries they will send (queued or
  waiting for a digest -> sending, under a row lock), so two workers, or a retry, never send
  one twice. A worker that dies after claiming leaves rows "sending": they are not resent
  (at most once); `stale_deliveries_fail` marks those claimed longer ago than
  core.jobs.STALE_AFTER as failed, saying so, when the next batch or digest run starts and
  from the scheduler's stale-work sweep.

Who may see the record is checked when the e-mail is built, through accounts.permissions, as
the subscriber's account (or as the public for an address without one): a delivery the
subscriber may no longer see is marked skipped and nothing naming it is sent.

A bounce here is an SMTP refusal at send time (5xx: hard). It is recorded on the delivery;
after ALERTS_BOUNCE_LIMIT hard bounces in a row the subscriber is suspended and gets nothing
more until they subscribe again. Other errors (4xx, connection failures) mark the delivery
failed with the error and do not count.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_view
from alerts.models import (
    KIND_FIELDS,
    Announcement,
    Delivery,
    DeliveryStatus,
    Frequency,
    Kind,
    Subscriber,
    Subscription,
    kinds_in_words,
)
from alerts.tokens import confirm_token, manage_token, unsubscribe_token
from core import jobs
from core.formatting import date_gb
from partnership.models import Group

log = logging.getLogger(__name__)


@dataclass
class SendResult:
    """What one batch or digest run did."""

    sent: int = 0
    skipped: int = 0
    bounced: int = 0
    failed: int = 0
    suspended: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "skipped": self.skipped,
            "bounced": self.bounced,
            "failed": self.failed,
            "suspended": self.suspended,
        }


def reader_of(subscriber: Subscriber):
    """Whom the permission check reads as: the subscriber's account, else the public."""
    return subscriber.user if subscriber.user_id else AnonymousUser()


def may_see(subscriber: Subscriber, announcement: Announcement) -> bool:
    """True if the subscriber may read the announced record (and its group)."""
    user = reader_of(subscriber)
    partnership = announcement.partnership
    if announcement.group_id and not can_view(user, announcement.group, partnership):
        return False
    return can_view(user, announcement, partnership)


def fan_out(*, announcement_id: int) -> list[list[int]]:
    """Write the deliveries of an announcement; return the immediate ones in send batches.

    Subscribers of the announcement's group who want its kind (every subscription of the
    partnership that wants it, one per subscriber, for a partnership-wide announcement),
    confirmed and not suspended. Digest subscribers' deliveries wait for send_digests.
    """
    announcement = Announcement.objects.select_related("partnership", "group").get(
        pk=announcement_id
    )
    subscriptions = Subscription.objects.filter(
        partnership=announcement.partnership,
        confirmed_at__isnull=False,
        subscriber__suspended_at__isnull=True,
        **{KIND_FIELDS[Kind(announcement.kind)]: True},
    ).only("pk", "subscriber_id", "frequency")
    if announcement.group_id:
        subscriptions = subscriptions.filter(group_id=announcement.group_id)
    seen: set[int] = set()
    rows = []
    for sub in subscriptions.order_by("subscriber_id", "pk").iterator(chunk_size=2000):
        if sub.subscriber_id in seen:
            continue
        seen.add(sub.subscriber_id)
        status = (
            DeliveryStatus.QUEUED if sub.frequency == Frequency.IMMEDIATE else DeliveryStatus.DIGEST
        )
        rows.append(Delivery(announcement=announcement, subscription_id=sub.pk, status=status))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    Announcement.objects.filter(pk=announcement.pk).update(fanned_out=timezone.now())
    ids = list(
        Delivery.objects.filter(announcement=announcement, status=DeliveryStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = settings.ALERTS_BATCH_SIZE
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _links(subscription: Subscription) -> tuple[str, str]:
    """The unsubscribe and manage addresses for a subscription's e-mails."""
    leave = _absolute(
        reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    )
    manage = _absolute(
        reverse("alerts:manage", kwargs={"token": manage_token(subscription.subscriber)})
    )
    return leave, manage


def _message(subscription: Subscription, subject: str, lines: list[str]) -> EmailMessage:
    """An alert e-mail with its one-click unsubscribe headers (RFC 8058) and footer links."""
    leave, manage = _links(subscription)
    body = "\n".join(
        [
            *lines,
            "",
            "---",
            f"You asked for e-mail alerts about {subscription.group.name} "
            f"({subscription.partnership.name}).",
            f"Manage your alerts: {manage}",
            f"Unsubscribe from these alerts: {leave}",
            "",
        ]
    )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.subscriber.email],
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{subscription.partnership.name} alerts "
            f"<{subscription.partnership.slug}.alerts.csphub>",
            "Auto-Submitted": "auto-generated",
        },
    )


def _announcement_lines(announcement: Announcement) -> list[str]:
    return [
        f"{announcement.get_kind_display()}: {announcement.title}",
        _absolute(announcement.path),
    ]


def alert_message(delivery: Delivery) -> EmailMessage:
    """The e-mail of one immediate alert."""
    a = delivery.announcement
    sub = delivery.subscription
    where = a.group.name if a.group is not None else a.partnership.name
    lines = [
        f"{a.partnership.name} has published something you asked to hear about ({where}).",
        "",
        *_announcement_lines(a),
    ]
    return _message(sub, f"{a.get_kind_display()}: {a.title}", lines)


def digest_message(subscription: Subscription, deliveries: list[Delivery]) -> EmailMessage:
    """One digest e-mail for a subscription: every announcement waiting for it."""
    period = "daily" if subscription.frequency == Frequency.DAILY else "weekly"
    count = len(deliveries)
    lines = [
        f"Your {period} digest of alerts about {subscription.group.name}, "
        f"{date_gb(timezone.localdate())}: {count} new.",
    ]
    for d in deliveries:
        lines += ["", *_announcement_lines(d.announcement)]
    plural = "s" if count != 1 else ""
    subject = f"{subscription.group.name}: {count} new alert{plural} ({period} digest)"
    return _message(subscription, subject, lines)


def _is_hard_bounce(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


STALE_DELIVERY_MESSAGE = (
    "The worker sending this alert stopped before it recorded whether the e-mail went "
    "(taken to send at {when}). It is not sent again, so that nobody gets it twice."
)


def stale_deliveries_fail(*, now=None) -> int:
    """Mark deliveries left "sending" by a worker that died as failed; return how many.

    A delivery is sent in well under a minute once claimed; one still "sending" after
    core.jobs.STALE_AFTER was claimed by a worker that stopped. Whether its e-mail went is
    unknown, so it is failed with that said, not resent.
    """
    now = now or timezone.now()
    stale = Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - jobs.STALE_AFTER
    )
    count = 0
    for pk, claimed in stale.values_list("pk", "claimed_at"):
        when = timezone.localtime(claimed).strftime("%-d %B %Y %H:%M")
        count += Delivery.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, error=STALE_DELIVERY_MESSAGE.format(when=when)
        )
    return count


def _claim(queryset) -> list[int]:
    """Mark these deliveries as being sent by us; return the ones we claimed."""
    with transaction.atomic():
        ids = list(
            queryset.select_for_update(skip_locked=True).values_list("pk", flat=True).order_by()
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.SENDING, claimed_at=timezone.now()
        )
    return ids


def open_connection():
    """The mail connection a batch sends over: one per batch, opened once."""
    return mailers.default


def _send(
    jobs: list[tuple[list[Delivery], Callable[..., EmailMessage]]], result: SendResult
) -> None:
    """Send (deliveries, build message) jobs over one connection and record each outcome.

    Each message is handed to the open connection on its own, so one refused address is
    recorded against its own delivery and the rest of the batch still goes.
    """
    outcomes: dict[str, list[int]] = defaultdict(list)
    errors: dict[int, str] = {}
    sent_subscribers: set[int] = set()
    bounced_subscribers: list[int] = []
    connection = open_connection()
    try:
        connection.open()
        for deliveries, build in jobs:
            ids = [d.pk for d in deliveries]
            subscriber = deliveries[0].subscription.subscriber
            message = build()  # outside the try: a fault of ours must not pass as a bounce
            try:
                connection.send_messages([message])
            except Exception as exc:  # noqa: BLE001 (every failure is recorded, none lost)
                hard = _is_hard_bounce(exc)
                status = DeliveryStatus.BOUNCED if hard else DeliveryStatus.FAILED
                outcomes[status] += ids
                for pk in ids:
                    errors[pk] = f"{type(exc).__name__}: {exc}"[:1000]
                if hard:
                    bounced_subscribers.append(subscriber.pk)
                    result.bounced += len(ids)
                else:
                    result.failed += len(ids)
                log.warning("Alert to subscriber %s not sent: %s", subscriber.pk, exc)
            else:
                outcomes[DeliveryStatus.SENT] += ids
                sent_subscribers.add(subscriber.pk)
                result.sent += len(ids)
    finally:
        connection.close()
    now = timezone.now()
    with transaction.atomic():
        if outcomes[DeliveryStatus.SENT]:
            Delivery.objects.filter(pk__in=outcomes[DeliveryStatus.SENT]).update(
                status=DeliveryStatus.SENT, sent_at=now
            )
        for status in (DeliveryStatus.BOUNCED, DeliveryStatus.FAILED):
            for pk in outcomes[status]:
                Delivery.objects.filter(pk=pk).update(status=status, error=errors[pk])
        Subscriber.objects.filter(pk__in=sent_subscribers, hard_bounces__gt=0).update(
            hard_bounces=0
        )
        for pk in bounced_subscribers:
            Subscriber.objects.filter(pk=pk).update(hard_bounces=F("hard_bounces") + 1)
        if bounced_subscribers:
            result.suspended += Subscriber.objects.filter(
                pk__in=bounced_subscribers,
                hard_bounces__gte=settings.ALERTS_BOUNCE_LIMIT,
                suspended_at__isnull=True,
            ).update(suspended_at=now)


def _skip(ids: list[int], result: SendResult) -> None:
    if ids:
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.SKIPPED)
        result.skipped += len(ids)


def _loaded(ids: list[int]):
    return (
        Delivery.objects.filter(pk__in=ids)
        .select_related(
            "announcement__partnership",
            "announcement__group",
            "subscription__group",
            "subscription__partnership",
            "subscription__subscriber__user",
        )
        .order_by("pk")
    )


def send_batch(*, delivery_ids: list[int]) -> SendResult:
    """Send these queued immediate alerts over one SMTP connection."""
    stale_deliveries_fail()
    result = SendResult()
    claimed = _claim(Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.QUEUED))
    jobs, hidden = [], []
    for delivery in _loaded(claimed):
        subscriber = delivery.subscription.subscriber
        if subscriber.suspended_at or not may_see(subscriber, delivery.announcement):
            hidden.append(delivery.pk)
            continue
        jobs.append(([delivery], lambda d=delivery: alert_message(d)))
    _skip(hidden, result)
    _send(jobs, result)
    return result


def send_digests(*, frequency: str) -> SendResult:
    """Send one digest per subscription of this frequency with alerts waiting for it."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"Digests are daily or weekly, not {frequency!r}")
    stale_deliveries_fail()
    result = SendResult()
    claimed = _claim(
        Delivery.objects.filter(
            status=DeliveryStatus.DIGEST,
            subscription__frequency=frequency,
            subscription__subscriber__suspended_at__isnull=True,
        )
    )
    by_subscription: dict[int, list[Delivery]] = defaultdict(list)
    hidden = []
    for delivery in _loaded(claimed).order_by("subscription_id", "announcement__created"):
        if may_see(delivery.subscription.subscriber, delivery.announcement):
            by_subscription[delivery.subscription_id].append(delivery)
        else:
            hidden.append(delivery.pk)
    _skip(hidden, result)
    jobs = [
        (ds, lambda ds=ds: digest_message(ds[0].subscription, ds))
        for ds in by_subscription.values()
    ]
    size = settings.ALERTS_BATCH_SIZE
    for i in range(0, len(jobs), size):
        _send(jobs[i : i + size], result)
    return result


def confirmation_send(*, email: str, group_id: int, kinds: list[str], frequency: str) -> None:
    """E-mail the double opt-in link for alerts asked for by an address without an account."""
    group = Group.objects.select_related("partnership").get(pk=group_id)
    token = confirm_token(email=email, group_id=group_id, kinds=kinds, frequency=frequency)
    link = _absolute(reverse("alerts:confirm", kwargs={"token": token}))
    wanted = kinds_in_words(kinds)
    days = settings.ALERTS_CONFIRM_DAYS
    body = "\n".join(
        [
            f"Someone, we hope you, asked for e-mail alerts of new {wanted} from "
            f"{group.name} ({group.partnership.name}) to be sent to this address: "
            f"{str(Frequency(frequency).label).lower()}.",
            "",
            "To start them, open this link:",
            link,
            "",
            f"The link works for {days} days. If you did not ask for these alerts, ignore this "
            "e-mail: nothing will be sent.",
            "",
        ]
    )
    EmailMessage(
        subject=f"Confirm your e-mail alerts about {group.name}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()
