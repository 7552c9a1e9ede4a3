"""Reads of e-mail alerts."""

from django.db.models import QuerySet

from alerts.models import Subscriber, Subscription


def subscriptions_of(*, subscriber: Subscriber | None) -> QuerySet[Subscription]:
    """A subscriber's subscriptions, by partnership and group."""
    if subscriber is None:
        return Subscription.objects.none()
    return (
        Subscription.objects.filter(subscriber=subscriber)
        .select_related("group", "partnership")
        .order_by("partnership__name", "group__name")
    )


def subscriber_of_user(*, user) -> Subscriber | None:
    """The signed-in user's subscriber record, if they have subscribed to anything."""
    if not user.is_authenticated:
        return None
    return Subscriber.objects.filter(user=user).first()
