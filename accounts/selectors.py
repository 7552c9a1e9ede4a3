"""Reads about users and their roles."""

from django.db.models import QuerySet

from accounts.models import Role


def roles_of(*, user) -> QuerySet[Role]:
    """The user's roles, with their partnerships."""
    return (
        Role.objects.filter(user=user).select_related("partnership").order_by("partnership__name")
    )
