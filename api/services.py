"""Writes for API tokens: create (the token is returned once), revoke, and record its use."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from api.models import ApiToken

TOKEN_PREFIX = "csp_"  # noqa: S105 (a marker, not a secret)
# Writing last_used on every request would be a write per read; a minute is precise enough
# to tell a token in use from a forgotten one.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 20


def token_digest(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    record: ApiToken
    token: str  # shown once, never stored


def token_create(*, user, name: str) -> NewToken:
    """Make a personal API token for the user; only its digest is kept."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter what the token is for"})
    if ApiToken.objects.filter(user=user, revoked__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {"name": f"You have {MAX_ACTIVE_TOKENS} tokens: revoke one before making another"}
        )
    # Hexadecimal: no "-" or "_" a reader could take for a line break or leave out.
    token = TOKEN_PREFIX + secrets.token_hex(24)
    record = ApiToken(user=user, name=name, prefix=token[:12], digest=token_digest(token))
    record.full_clean()
    record.save()
    return NewToken(record=record, token=token)


def token_revoke(*, user, pk: int) -> ApiToken:
    """Revoke one of the user's tokens; it is refused from then on (revoking twice is a no-op)."""
    record = ApiToken.objects.get(user=user, pk=pk)
    if record.revoked is None:
        record.revoked = timezone.now()
        record.save(update_fields=["revoked"])
    return record


def token_used(*, record: ApiToken, at: dt.datetime | None = None) -> None:
    """Record that the token was used (at most once a minute)."""
    at = at or timezone.now()
    if record.last_used is None or at - record.last_used >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=record.pk).update(last_used=at)
        record.last_used = at
