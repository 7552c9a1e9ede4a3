"""Announcements of published records, who subscribes to them, and each e-mail sent.

An Announcement is recorded once per `key` by the service that publishes a record (minutes
approved, a decision recorded, a public-meeting notice). Subscribers follow a group's kinds of
announcement, immediately or in a daily or weekly digest. A Delivery is one announcement to one
subscription: unique, so a retried fan-out never e-mails anyone twice.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower

from core.models import VisibleRecord


class Kind(models.TextChoices):
    AGENDA = "agenda", "Agenda published"
    MINUTES = "minutes", "Minutes published"
    DECISION = "decision", "Decisions"
    PUBLIC_MEETING = "public_meeting", "Public-meeting notices"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away, one e-mail for each"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"


# The Subscription field that says whether it wants each kind.
KIND_FIELDS = {
    Kind.AGENDA: "wants_agendas",
    Kind.MINUTES: "wants_minutes",
    Kind.DECISION: "wants_decisions",
    Kind.PUBLIC_MEETING: "wants_public_meetings",
}


_KIND_NOUNS = {
    Kind.AGENDA: "agendas",
    Kind.MINUTES: "minutes",
    Kind.DECISION: "decisions",
    Kind.PUBLIC_MEETING: "public-meeting notices",
}


def kinds_in_words(kinds) -> str:
    """["agenda", "minutes", "decision"] -> "agendas, minutes and decisions"."""
    nouns = [_KIND_NOUNS[Kind(k)] for k in Kind.values if k in set(kinds)]
    return nouns[0] if len(nouns) == 1 else f"{', '.join(nouns[:-1])} and {nouns[-1]}"


def _new_secret() -> str:
    return secrets.token_urlsafe(16)


class Announcement(VisibleRecord):
    """A record made public (or partners-only, or restricted): what alerts are sent about.

    Its visibility and named readers are copied from the record when it is announced; each
    subscriber is checked against them (and the group's) when the alert is sent.
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="announcements"
    )
    group = models.ForeignKey(
        "partnership.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        help_text="The group whose subscribers hear of it; empty for the whole partnership "
        "(public-meeting notices).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=500, help_text="Where the record is, from the site root.")
    key = models.CharField(
        max_length=200, unique=True, help_text='Once per key, e.g. "minutes:12:v3".'
    )
    created = models.DateTimeField(auto_now_add=True)
    fanned_out = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Subscriber(models.Model):
    """An e-mail address that receives alerts: an account's, or one confirmed by a link."""

    email = models.EmailField("e-mail address")
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriber",
    )
    secret = models.CharField(
        max_length=40,
        default=_new_secret,
        help_text="Part of every signed link; changing it voids the links already sent.",
    )
    hard_bounces = models.PositiveIntegerField(
        default=0, help_text="Hard bounces in a row (reset by a successful send)."
    )
    suspended_at = models.DateTimeField(
        null=True, blank=True, help_text="Set after ALERTS_BOUNCE_LIMIT hard bounces in a row."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_alert_subscriber_per_email")
        ]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """A subscriber following one group's announcements of the kinds ticked."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        "partnership.Group", on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    wants_agendas = models.BooleanField(default=False)
    wants_minutes = models.BooleanField(default=False)
    wants_decisions = models.BooleanField(default=False)
    wants_public_meetings = models.BooleanField(default=False)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Nothing is sent until the address is confirmed."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "group"], name="one_subscription_per_group"
            )
        ]
        indexes = [models.Index(fields=["group", "confirmed_at"], name="alert_sub_group")]

    def __str__(self) -> str:
        return f"{self.subscriber} to {self.group}"

    @property
    def kinds(self) -> list[str]:
        """The kinds this subscription wants, as Kind values."""
        return [kind for kind, field in KIND_FIELDS.items() if getattr(self, field)]

    def kinds_text(self) -> str:
        """The kinds wanted, in words: "minutes and decisions"."""
        return kinds_in_words(self.kinds)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    DIGEST = "digest", "Waiting for the digest"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent: the subscriber may no longer see it"
    BOUNCED = "bounced", "Bounced"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One announcement to one subscription, sent at most once."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker took it to send (status sending)."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "subscription"], name="one_delivery_per_subscription"
            )
        ]
        indexes = [models.Index(fields=["status"], name="alert_delivery_status")]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.announcement} to {self.subscription.subscriber}"


class SubscribeRequest(models.Model):
    """One use of the subscription form, counted per client address to rate-limit it."""

    ip_address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.ip_address} at {self.at:%Y-%m-%d %H:%M}"
