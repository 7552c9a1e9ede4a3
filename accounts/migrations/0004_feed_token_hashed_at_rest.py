"""Private feed tokens are no longer stored: each user gets a random seed, the token is an HMAC of
the seed under SECRET_KEY, and only the token's SHA-256 is kept to find its owner.

Every private calendar and feed address changes once, here: the old tokens were stored in clear
and are dropped with their column.
"""

import hashlib
import secrets

from django.db import migrations, models
from django.utils.crypto import salted_hmac

import accounts.models


def seed_every_user(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for pk in User.objects.values_list("pk", flat=True).iterator():
        seed = secrets.token_urlsafe(24)
        token = salted_hmac("accounts.feed_token", seed, algorithm="sha256").hexdigest()[:40]
        User.objects.filter(pk=pk).update(
            feed_seed=seed, feed_token_digest=hashlib.sha256(token.encode()).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_email_unique_in_any_case"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="feed_token"),
        migrations.AddField(
            model_name="user",
            name="feed_seed",
            field=models.CharField(
                default=accounts.models._new_feed_seed,
                help_text="Random seed of this user's private feed token (useless without SECRET_KEY).",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="feed_token_digest",
            field=models.CharField(
                editable=False,
                help_text="SHA-256 of this user's private feed token, in hexadecimal.",
                max_length=64,
                null=True,
                unique=True,
            ),
        ),
        migrations.RunPython(seed_every_user, migrations.RunPython.noop),
    ]
