"""Users sign in with their e-mail address and hold a role in one or more partnerships."""

import hashlib
import secrets
from typing import ClassVar

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None):
        """Sign-in looks the address up whatever its case: e-mail addresses are one per person."""
        return self.get(email__iexact=(username or "").strip())

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


def _new_feed_seed() -> str:
    return secrets.token_urlsafe(24)


# Migration 0001 names the default of the old stored token column.
_new_feed_token = _new_feed_seed


def feed_token_digest(token: str) -> str:
    """The SHA-256 of a private feed token, in hexadecimal: what the database keeps of it."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(AbstractUser):
    """A person who signs in. Partnership roles are held in Role."""

    # Signed in by e-mail, named in one field: AbstractUser's fields removed, as Django documents.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    # The private feed token is never stored. It is an HMAC of this seed under SECRET_KEY, so
    # the server can show the address again, and the database alone cannot rebuild it; the
    # digest finds the user when a feed is asked for (docs/decisions.md).
    feed_seed = models.CharField(
        max_length=64,
        default=_new_feed_seed,
        help_text="Random seed of this user's private feed token (useless without SECRET_KEY).",
    )
    feed_token_digest = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        editable=False,
        help_text="SHA-256 of this user's private feed token, in hexadecimal.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta(AbstractUser.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="one_user_per_email_in_any_case",
                violation_error_message="A user with that e-mail address already exists",
            )
        ]

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()

    @property
    def feed_token(self) -> str:
        """The secret in this user's private calendar and RSS/Atom addresses."""
        return salted_hmac("accounts.feed_token", self.feed_seed, algorithm="sha256").hexdigest()[
            :40
        ]

    def reset_feed_token(self) -> None:
        """A new private feed token; the old addresses stop working once this user is saved."""
        self.feed_seed = _new_feed_seed()

    def save(self, *args, **kwargs) -> None:
        self.feed_token_digest = feed_token_digest(self.feed_token)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "feed_seed" in update_fields:
            kwargs["update_fields"] = {*update_fields, "feed_token_digest"}
        super().save(*args, **kwargs)

    def set_password(self, raw_password: str | None) -> None:
        """A new password also voids the private calendar address (it is a credential too)."""
        super().set_password(raw_password)
        self.reset_feed_token()

    def check_password(self, raw_password: str | None) -> bool:
        def rehash(raw: str) -> None:
            # A hasher upgrade at sign-in is the same password: keep the calendar address.
            AbstractUser.set_password(self, raw)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, rehash)

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleName(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    MEMBER = "member", "Member (partner representative)"
    VIEWER = "viewer", "Viewer (e.g. scrutiny officer)"


class Role(models.Model):
    """What a user may do in one partnership."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(max_length=20, choices=RoleName.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_role_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.partnership}"
