"""Personal API tokens: a user's key to the partners-only records they may read.

Only the SHA-256 digest of a token is stored; the token itself is shown once, when it is made.
"""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """One personal API token of a user, until it is revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, in your words.")
    prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to tell tokens apart."
    )
    digest = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the token, in hexadecimal."
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked is None
