"""Writes about users and their roles."""

from django.db import transaction

from accounts.models import Role, RoleName, User
from partnership.models import Partnership


def user_create(*, email: str, full_name: str = "", password: str | None = None) -> User:
    """Create a user who signs in with an e-mail address (no password: they reset one)."""
    user = User(email=email.strip().lower(), full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def role_grant(*, user: User, partnership: Partnership, role: str) -> Role:
    """Give the user a role in the partnership, replacing any role they held there."""
    if role not in RoleName.values:
        raise ValueError(f"Unknown role {role!r}")
    obj, _ = Role.objects.update_or_create(
        user=user, partnership=partnership, defaults={"role": role}
    )
    return obj


def role_revoke(*, user: User, partnership: Partnership) -> None:
    """Remove the user's role in the partnership."""
    Role.objects.filter(user=user, partnership=partnership).delete()
