"""Reads about users and their roles."""

from django.db.models import QuerySet

from accounts.models import Role, User, feed_token_digest


def roles_of(*, user) -> QuerySet[Role]:
    """The user's roles, with their partnerships."""
    return (
        Role.objects.filter(user=user).select_related("partnership").order_by("partnership__name")
    )


def feed_token_owner(token: str):
    """The active user whose private feed token this is (calendar and RSS/Atom feeds), or None."""
    if not token:
        return None
    return User.objects.filter(feed_token_digest=feed_token_digest(token), is_active=True).first()
