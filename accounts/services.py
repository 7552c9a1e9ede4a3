"""Writes about users and their roles."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, RoleName, User, feed_token_digest
from accounts.tokens import INVITATION_DAYS, invitation_token
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
def feed_token_reset(*, user: User) -> None:
    """A new private feed token for the user: every old calendar and feed address stops working."""
    user.reset_feed_token()
    user.save(update_fields=["feed_seed"])


def feed_token_current(*, user: User) -> str:
    """The user's private feed token, to show them; its stored digest is brought up to date
    first, so an address shown after SECRET_KEY was rotated works (the old one stops)."""
    token = user.feed_token
    if user.feed_token_digest != feed_token_digest(token):
        user.save(update_fields=["feed_seed"])
    return token


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


def user_invite(*, user: User, partnership: Partnership) -> str:
    """E-mail the user a link to choose a password (valid INVITATION_DAYS days); return it."""
    path = reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )
    link = settings.SITE_URL + path
    context = {
        "name": user.full_name,
        "email": user.email,
        "partnership": partnership.name,
        "link": link,
        "days": INVITATION_DAYS,
        "site": settings.SITE_URL,
    }
    send_mail(
        render_to_string("accounts/email/invitation_subject.txt").strip(),
        render_to_string("accounts/email/invitation.txt", context),
        None,
        [user.email],
    )
    return link
