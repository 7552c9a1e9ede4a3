"""Writes of e-mail alerts: announcing a published record, subscribing and unsubscribing.

`announce` is called by the services that publish (meetings' minutes approval and decisions,
engagement's public-meeting notice); it sits below them so they can call it directly.
"""

from collections.abc import Iterable

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from alerts import tasks
from alerts.models import (
    KIND_FIELDS,
    Announcement,
    Frequency,
    Kind,
    Subscriber,
    SubscribeRequest,
    Subscription,
)
from alerts.tokens import confirmation
from partnership.models import Group, Partnership, Person


def announce(
    *,
    partnership: Partnership,
    group: Group | None,
    kind: str,
    title: str,
    path: str,
    visibility: str,
    restricted_to: Iterable[Person] = (),
    key: str,
) -> Announcement:
    """Record that a record was published, once per `key`, and queue its alerts on commit.

    Calling again with the same key changes nothing and sends nothing.
    """
    existing = Announcement.objects.filter(key=key).first()
    if existing is not None:
        return existing
    announcement = Announcement(
        partnership=partnership,
        group=group,
        kind=kind,
        title=title[:300],
        path=path,
        visibility=visibility,
        key=key,
    )
    announcement.full_clean()
    try:
        with transaction.atomic():
            announcement.save()
    except IntegrityError:  # the same key announced at the same moment by another request
        return Announcement.objects.get(key=key)
    announcement.restricted_to.set(list(restricted_to))
    transaction.on_commit(lambda: tasks.fan_out.enqueue(announcement.pk))
    return announcement


def _wants(kinds: Iterable[str]) -> dict[str, bool]:
    chosen = set(kinds)
    unknown = chosen - set(Kind.values)
    if unknown:
        raise ValidationError({"kinds": f"Unknown kind of alert: {', '.join(sorted(unknown))}"})
    if not chosen:
        raise ValidationError({"kinds": "Select what you want to hear about"})
    return {field: kind in chosen for kind, field in KIND_FIELDS.items()}


def _check_frequency(frequency: str) -> None:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Select how often"})


@transaction.atomic
def _subscribe(
    *, subscriber: Subscriber, group: Group, kinds: Iterable[str], frequency: str
) -> Subscription:
    wants = _wants(kinds)
    _check_frequency(frequency)
    subscription, _ = Subscription.objects.update_or_create(
        subscriber=subscriber,
        group=group,
        defaults={
            **wants,
            "partnership_id": group.partnership_id,
            "frequency": frequency,
            "confirmed_at": timezone.now(),
        },
    )
    if subscriber.suspended_at:  # subscribing again is the way back after bounces
        subscriber.suspended_at = None
        subscriber.hard_bounces = 0
        subscriber.save(update_fields=["suspended_at", "hard_bounces"])
    return subscription


def _subscriber_for(email: str, user=None) -> Subscriber:
    email = email.strip().lower()
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email, user=user)
        subscriber.full_clean()
        subscriber.save()
    elif user is not None and subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user"])
    return subscriber


def subscription_set_for_user(
    *, user, group: Group, kinds: Iterable[str], frequency: str
) -> Subscription:
    """Subscribe a signed-in user, at their account's address, straight away."""
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None:
        subscriber = _subscriber_for(user.email, user=user)
    elif subscriber.email != user.email.lower():
        subscriber.email = user.email.lower()
        subscriber.save(update_fields=["email"])
    return _subscribe(subscriber=subscriber, group=group, kinds=kinds, frequency=frequency)


def subscription_request(*, email: str, group: Group, kinds: Iterable[str], frequency: str) -> None:
    """Queue the confirmation e-mail for alerts asked for by address (double opt-in).

    Whether or not the address is already known, the same happens and nothing is stored: the
    request travels in the signed link, so the reply cannot tell anyone who subscribes.
    """
    _wants(kinds)
    _check_frequency(frequency)
    kinds = sorted(set(kinds))
    email = email.strip().lower()
    transaction.on_commit(
        lambda: tasks.send_confirmation.enqueue(email, group.pk, kinds, frequency)
    )


def subscription_confirm(*, token: str) -> Subscription | None:
    """Start the alerts a confirmation link asks for; None if the link is forged or expired."""
    value = confirmation(token)
    if value is None:
        return None
    group = Group.objects.filter(pk=value["g"]).first()
    if group is None:
        return None
    subscriber = _subscriber_for(value["e"])
    return _subscribe(subscriber=subscriber, group=group, kinds=value["k"], frequency=value["f"])


def subscription_end(*, subscription: Subscription) -> None:
    """Stop one subscription (the unsubscribe link, the manage page)."""
    subscription.delete()


def subscription_requests_throttled(request: HttpRequest) -> bool:
    """Count one use of the subscription form; True once this client address has used it
    more than ALERTS_RATE_LIMIT times in ALERTS_RATE_WINDOW (like sign-in's address count)."""
    ip = get_client_ip_address(request)
    since = timezone.now() - settings.ALERTS_RATE_WINDOW
    SubscribeRequest.objects.filter(at__lt=since).delete()
    recent = SubscribeRequest.objects.filter(ip_address=ip, at__gte=since).count()
    if recent >= settings.ALERTS_RATE_LIMIT:
        return True
    SubscribeRequest.objects.create(ip_address=ip)
    return False
