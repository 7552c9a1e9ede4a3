"""Signing in and out, login throttling, password reset and the first coordinator."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role, User
from accounts.permissions import Access, access_level
from partnership.models import Partnership

PASSWORD = "correct-horse-battery"


@pytest.fixture
def user(db):
    return UserFactory(email="alice@example.org")


def _sign_in(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1"
    )


def test_sign_in_with_email_and_password_then_sign_out(client, user):
    response = _sign_in(client, "alice@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_shows_an_error_summary(client, user):
    response = _sign_in(client, "alice@example.org", "wrong")
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter a correct e-mail address and password" in text
    # The summary's message links to the first field, as every error summary must (issue 16).
    assert '<a href="#id_username">Enter a correct e-mail address and password' in text


def test_five_failures_lock_the_account_even_for_the_right_password(client, user):
    for _ in range(5):
        _sign_in(client, "alice@example.org", "wrong")
    response = _sign_in(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_password_reset_emails_a_link_that_sets_a_new_password(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Reset your CSP Hub password"
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {
            "new_password1": "a-new-long-passphrase-2026",
            "new_password2": "a-new-long-passphrase-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase-2026")


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_create_coordinator_makes_the_partnership_and_the_role(db, capsys):
    call_command(
        "create_coordinator",
        email="Chair@Example.org",
        name="Pat Chair",
        partnership="Safer Somewhere",
        short_name="SSP",
        area="E07000111",
    )
    user = User.objects.get(email="chair@example.org")
    partnership = Partnership.objects.get(name="Safer Somewhere")
    assert partnership.area_codes == ["E07000111"]
    assert Role.objects.get(user=user).role == "coordinator"
    assert access_level(user, partnership) == Access.COORDINATOR
    assert not user.has_usable_password()
    assert "is a coordinator of Safer Somewhere" in capsys.readouterr().out


def test_a_role_in_one_partnership_gives_nothing_in_another(world):
    assert access_level(world.users["coordinator"], world.other) == Access.PUBLIC
    assert access_level(world.users["other_coordinator"], world.partnership) == Access.PUBLIC
