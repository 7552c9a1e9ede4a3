"""Signed links in alert e-mails: confirm a subscription, manage or leave one's alerts.

Django's signing with a salt per purpose, so a link made for one purpose cannot be used for
another. A confirmation link carries the address and the alerts asked for, and expires
(ALERTS_CONFIRM_DAYS). Manage and unsubscribe links sign the subscriber's id with their
`secret` and last as long as it does (rotating it voids them).
"""

from django.conf import settings
from django.core import signing

from alerts.models import Subscriber, Subscription

_CONFIRM = "alerts.confirm"
_MANAGE = "alerts.manage"
_UNSUBSCRIBE = "alerts.unsubscribe"


def confirm_token(*, email: str, group_id: int, kinds: list[str], frequency: str) -> str:
    """A link token that, within ALERTS_CONFIRM_DAYS, sets up these alerts for this address.

    Nothing is stored for an address until its owner follows the link: the request itself
    travels in the signed token.
    """
    value = {"e": email, "g": group_id, "k": sorted(kinds), "f": frequency}
    return signing.dumps(value, salt=_CONFIRM, compress=True)


def manage_token(subscriber: Subscriber) -> str:
    """A link token opening this subscriber's page of subscriptions."""
    return signing.dumps([subscriber.pk, subscriber.secret], salt=_MANAGE, compress=True)


def unsubscribe_token(subscription: Subscription) -> str:
    """A one-click unsubscribe token for one subscription."""
    s = subscription.subscriber
    return signing.dumps([s.pk, s.secret, subscription.pk], salt=_UNSUBSCRIBE, compress=True)


def _subscriber(value) -> Subscriber | None:
    try:
        pk, secret = value[0], value[1]
    except (TypeError, IndexError, KeyError):
        return None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or subscriber.secret != secret:
        return None
    return subscriber


def _subscription(token: str, salt: str, max_age=None) -> Subscription | None:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    subscriber = _subscriber(value)
    if subscriber is None or len(value) < 3:
        return None
    return (
        Subscription.objects.select_related("group", "partnership", "subscriber")
        .filter(pk=value[2], subscriber=subscriber)
        .first()
    )


def confirmation(token: str) -> dict | None:
    """The request a confirmation token carries (e, g, k, f), or None if forged or expired."""
    try:
        value = signing.loads(
            token, salt=_CONFIRM, max_age=settings.ALERTS_CONFIRM_DAYS * 24 * 60 * 60
        )
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or set(value) != {"e", "g", "k", "f"}:
        return None
    return value


def subscription_to_leave(token: str) -> Subscription | None:
    """The subscription an unsubscribe token names, or None (forged, voided, already gone)."""
    return _subscription(token, _UNSUBSCRIBE)


def subscriber_to_manage(token: str) -> Subscriber | None:
    """The subscriber a manage token names, or None if it is forged or voided."""
    try:
        value = signing.loads(token, salt=_MANAGE)
    except signing.BadSignature:
        return None
    return _subscriber(value)
