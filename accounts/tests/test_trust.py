"""Issue 9, accounts: first-coordinator invitation, case-insensitive e-mail, feed tokens that
die with the password, the feed of a user without a Person, and throttling per address."""

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import User
from accounts.selectors import feed_token_owner
from accounts.services import feed_token_current, user_create
from accounts.tokens import invitation_token

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-new-long-passphrase-2026"
EXPIRED = "This link has expired or been used"


def _sign_in(client, email, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def _set_password_through(client, link: str) -> None:
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "Choose a new password" in page.content.decode()
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()


# The first coordinator -----------------------------------------------------------------------


def test_create_coordinator_emails_an_invitation_that_sets_a_password(db, capsys, settings):
    settings.SITE_URL = "https://csp.example.org"
    call_command(
        "create_coordinator",
        email="Pat@Council.example.org",
        name="Pat Smith",
        partnership="Safer Somewhere",
        area="E07000111",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@council.example.org"]
    assert message.subject == "You are invited to CSP Hub"
    assert "Safer Somewhere" in message.body
    assert "7 days" in message.body
    link = re.search(r"https://csp\.example\.org(/account/invitation/\S+/)", message.body).group(1)
    assert "e-mailed an invitation" in capsys.readouterr().out
    client = Client()
    _set_password_through(client, link)
    user = User.objects.get(email="pat@council.example.org")
    assert user.check_password(NEW_PASSWORD)
    # The invitation works once: with a password set, the same link is void.
    assert EXPIRED in client.get(link, follow=True).content.decode()
    assert _sign_in(Client(), "pat@council.example.org", NEW_PASSWORD).status_code == 302


def test_an_invitation_works_for_seven_days_then_expires(db, monkeypatch):
    call_command(
        "create_coordinator", email="pat@council.example.org", partnership="S", area="E07000111"
    )
    link = re.search(r"(/account/invitation/\S+/)", mail.outbox[0].body).group(1)
    made = dt.datetime.now()
    monkeypatch.setattr(invitation_token, "_now", lambda: made + dt.timedelta(days=6))
    assert "Choose a new password" in Client().get(link, follow=True).content.decode()
    monkeypatch.setattr(invitation_token, "_now", lambda: made + dt.timedelta(days=8))
    assert EXPIRED in Client().get(link, follow=True).content.decode()


def test_a_reset_link_is_not_an_invitation(db):
    user = UserFactory(email="alice@example.org")
    Client().post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    path = re.search(r"/account/password-reset/(\S+/\S+/)", mail.outbox[0].body).group(1)
    assert EXPIRED in Client().get(f"/account/invitation/{path}", follow=True).content.decode()
    assert user.has_usable_password()


def test_a_new_coordinator_can_also_use_forgotten_password(db):
    call_command(
        "create_coordinator", email="pat@council.example.org", partnership="S", area="E07000111"
    )
    mail.outbox.clear()
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "pat@council.example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body)
    _set_password_through(client, link.group(1))
    assert User.objects.get().check_password(NEW_PASSWORD)


# E-mail addresses are case-insensitive -------------------------------------------------------


def test_sign_in_ignores_the_case_of_the_email_address(db):
    UserFactory(email="fix1@example.org")
    assert _sign_in(Client(), "Fix1@Example.org", PASSWORD).status_code == 302


def test_a_user_created_with_capitals_signs_in_in_lower_case(db):
    user = User(email="Fix1@Example.org")
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    assert User.objects.get().email == "fix1@example.org"
    assert _sign_in(Client(), "fix1@example.org", PASSWORD).status_code == 302


def test_an_address_stored_with_capitals_signs_in_in_lower_case(db):
    UserFactory(email="Fix1@Example.org")  # saved as typed, as before the migration
    assert _sign_in(Client(), "fix1@example.org", PASSWORD).status_code == 302


def test_the_migration_lower_cases_stored_addresses(db):
    from importlib import import_module

    from django.apps import apps

    user = UserFactory(email="fix1@example.org")
    User.objects.filter(pk=user.pk).update(email="Fix1@Example.ORG")
    import_module("accounts.migrations.0003_email_unique_in_any_case").lower_emails(apps, None)
    user.refresh_from_db()
    assert user.email == "fix1@example.org"


def test_reset_ignores_the_case_of_the_email_address(db):
    UserFactory(email="fix1@example.org")
    Client().post(reverse("accounts:password_reset"), {"email": "FIX1@example.ORG"})
    assert len(mail.outbox) == 1


def test_two_accounts_cannot_differ_only_by_case(db):
    user_create(email="fix1@example.org")
    with pytest.raises(Exception) as exc:
        user_create(email="FIX1@example.org")
    assert "already" in str(exc.value)
    # Even a raw insert that skips validation is refused by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="Fix1@Example.org")])
    assert User.objects.count() == 1


def test_lockout_counts_every_spelling_of_one_address_together(db):
    UserFactory(email="alice@example.org")
    client = Client()
    for spelling in ["Alice@example.org", "ALICE@example.org", "alice@Example.org"] * 2:
        _sign_in(client, spelling, "wrong")
    assert _sign_in(client, "alice@example.org", PASSWORD).status_code == 429


# Calendar tokens -----------------------------------------------------------------------------


def test_a_password_reset_changes_the_calendar_token(db):
    user = UserFactory(email="alice@example.org")
    old = user.feed_token
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body)
    _set_password_through(client, link.group(1))
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.feed_token != old


def test_a_password_change_in_admin_or_command_changes_the_calendar_token(db):
    user = UserFactory(email="alice@example.org")
    old = user.feed_token
    user.set_password(NEW_PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.feed_token != old


def test_signing_in_does_not_change_the_calendar_token(db, settings):
    user = UserFactory(email="alice@example.org")
    old = user.feed_token
    # A sign-in may rehash the stored password (a hasher upgrade); that is not a new password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    assert _sign_in(Client(), "alice@example.org", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("scrypt")
    assert user.feed_token == old


def test_the_database_holds_only_a_digest_of_the_feed_token(db, settings):
    user = UserFactory(email="alice@example.org")
    token = user.feed_token
    row = User.objects.filter(pk=user.pk).values().get()
    assert token not in " ".join(str(v) for v in row.values())
    assert row["feed_token_digest"] == hashlib.sha256(token.encode()).hexdigest()
    assert feed_token_owner(token) == user
    assert feed_token_owner(row["feed_token_digest"]) is None
    assert feed_token_owner(row["feed_seed"]) is None
    # The seed alone, without the server's secret key, does not make the token; after the
    # key is rotated, the address shown to the user is the one that works.
    settings.SECRET_KEY = "another-key-" + "x" * 50
    user = User.objects.get(pk=user.pk)
    assert user.feed_token != token
    assert feed_token_current(user=user) == user.feed_token
    assert feed_token_owner(user.feed_token) == user
    assert feed_token_owner(token) is None


def test_the_feed_token_opens_a_feed_and_a_reset_voids_it(world):
    viewer = world.users["viewer"]
    old = viewer.feed_token
    url = f"/p/{world.slug}/actions/calendar/{old}.ics"
    assert Client().get(url).status_code == 200
    forged = old[:-1] + ("1" if old.endswith("0") else "0")
    assert Client().get(url.replace(old, forged)).status_code == 404
    client = Client()
    client.force_login(viewer)
    client.post(reverse("actions:feed_settings", kwargs={"slug": world.slug}))
    viewer.refresh_from_db()
    assert viewer.feed_token != old
    assert Client().get(url).status_code == 404
    assert Client().get(url.replace(old, viewer.feed_token)).status_code == 200


def test_personal_feed_of_a_user_without_a_person_is_an_empty_calendar(world):
    viewer = world.users["viewer"]
    response = Client().get(f"/p/{world.slug}/actions/calendar/{viewer.feed_token}.ics")
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content
    assert b"BEGIN:VEVENT" not in response.content


# Throttling ----------------------------------------------------------------------------------


def test_one_address_trying_many_accounts_is_throttled(db, settings):
    settings.AXES_IP_FAILURE_LIMIT = 10
    UserFactory(email="victim@example.org")
    client = Client()
    for n in range(10):
        response = _sign_in(client, f"user{n}@example.org", "Winter2026!", ip="203.0.113.9")
        assert response.status_code == 200
    # The eleventh try from that address is refused, even for a real account and password.
    response = _sign_in(client, "victim@example.org", PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    # Another address is not affected.
    assert _sign_in(Client(), "victim@example.org", PASSWORD, ip="198.51.100.7").status_code == 302
