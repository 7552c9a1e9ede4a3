"""E-mail addresses are unique whatever their case: store them in lower case, then constrain.

Two accounts whose addresses differ only by case cannot be merged automatically (they may hold
different roles and feeds), so the migration stops and names them for an administrator.
"""

import django.db.models.functions.text
from django.db import migrations, models


def lower_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    seen: dict[str, str] = {}
    clashes = []
    for email in User.objects.order_by("pk").values_list("email", flat=True):
        key = email.strip().lower()
        if key in seen:
            clashes.append(f"{seen[key]} and {email}")
        seen[key] = email
    if clashes:
        raise RuntimeError(
            "These accounts differ only by the case of their e-mail address; merge or rename "
            "them in the admin, then migrate again: " + "; ".join(clashes)
        )
    for user in User.objects.all().only("pk", "email"):
        if user.email != user.email.strip().lower():
            User.objects.filter(pk=user.pk).update(email=user.email.strip().lower())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(lower_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="one_user_per_email_in_any_case",
                violation_error_message="A user with that e-mail address already exists",
            ),
        ),
    ]
