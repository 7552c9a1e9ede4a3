"""Reads about users and their roles."""

from django.db.models import QuerySet

from accounts.models import Role, User


def roles_of(*, user) -> QuerySet[Role]:
    """The user's roles, with their partnerships."""
    return (
        Role.objects.filter(user=user).select_related("partnership").order_by("partnership__name")
    )


def feed_token_owner(token: str):
    """The active user whose private feed token this is (calendar and RSS/Atom feeds), or None."""
    if not token:
        return None
    return User.objects.filter(feed_token=token, is_active=True).first()
