"""The alert pages: subscribing (double opt-in, no enumeration, rate limit, CSRF), confirming,
managing and one-click unsubscribing."""

import re

import pytest
from django.core import mail
from django.core import signing as django_signing
from django.test import Client
from django.urls import reverse

from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.models import Frequency, Subscriber, Subscription
from alerts.tokens import manage_token, unsubscribe_token


def _form_url(world, vis="public"):
    return reverse("alerts:subscribe", kwargs={"slug": world.slug, "pk": world.groups[vis].pk})


def _ask(client, world, email, **extra):
    data = {"email": email, "kinds": ["minutes", "decision"], "frequency": "immediate", **extra}
    return client.post(_form_url(world), data)


def _link(message, name):
    return re.search(rf"(/alerts/{name}/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_a_member_of_the_public_subscribes_only_after_confirming_the_link(
    world, django_capture_on_commit_callbacks
):
    client = Client()
    page = client.get(_form_url(world))
    assert page.status_code == 200
    assert "Get e-mail alerts" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, world, "Resident@Example.net")
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:check_email")
    assert not Subscriber.objects.exists()  # nothing stored before confirmation
    (message,) = mail.outbox
    assert message.to == ["resident@example.net"]
    link = _link(message, "confirm")
    shown = client.get(link)
    assert shown.status_code == 200
    assert not Subscription.objects.exists()  # opening the link (a mail scanner) does nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 200
    assert "Your e-mail alerts have started" in confirmed.content.decode()
    sub = Subscription.objects.get()
    assert sub.subscriber.email == "resident@example.net"
    assert sub.subscriber.user is None
    assert sub.kinds == ["minutes", "decision"]
    assert sub.confirmed_at is not None
    client.post(link)  # confirming twice changes nothing
    assert Subscription.objects.count() == 1


@pytest.mark.django_db
def test_the_reply_is_the_same_for_known_and_unknown_addresses(
    world, django_capture_on_commit_callbacks
):
    SubscriptionFactory(
        subscriber=SubscriberFactory(email="known@example.net"), group=world.groups["public"]
    )
    replies = []
    for email in ("known@example.net", "unknown@example.net", "coordinator@a.example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = _ask(Client(), world, email)
        page = Client().get(response["Location"])
        body = re.sub(rb'nonce="[^"]*"', b"", page.content)  # the CSP nonce differs per page
        replies.append((response.status_code, response["Location"], body))
    assert replies[0] == replies[1] == replies[2]
    assert len(mail.outbox) == 3  # every address gets a confirmation link, known or not


@pytest.mark.django_db
def test_the_form_checks_the_address_and_the_choices(world):
    response = _ask(Client(), world, "not-an-address", kinds=[])
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter an e-mail address in the correct format, like name@example.org" in text
    assert "Select what you want to hear about" in text
    assert "There is a problem" in text
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_form_needs_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert _ask(client, world, "resident@example.net").status_code == 403


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_client_address(world, settings):
    settings.ALERTS_RATE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        _ask(client, world, f"r{n}@example.net").status_code
        for n in range(settings.ALERTS_RATE_LIMIT + 1)
    ]
    assert statuses == [302, 302, 302, 429]
    assert "Too many requests" in _ask(client, world, "x@example.net").content.decode()
    assert _ask(Client(REMOTE_ADDR="198.51.100.7"), world, "y@example.net").status_code == 302


@pytest.mark.django_db
def test_a_hidden_group_has_no_form_for_the_public(world):
    assert Client().get(_form_url(world, "partners")).status_code == 404


@pytest.mark.django_db
def test_a_signed_in_partner_subscribes_with_their_account_straight_away(client_for, world):
    member = client_for("member")
    response = member.post(
        _form_url(world, "partners"), {"kinds": ["minutes"], "frequency": Frequency.WEEKLY}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:mine")
    sub = Subscription.objects.get()
    assert sub.subscriber.user == world.users["member"]
    assert sub.subscriber.email == world.users["member"].email
    assert sub.frequency == Frequency.WEEKLY
    assert mail.outbox == []  # no opt-in needed: the account's address is already proven
    mine = member.get(reverse("alerts:mine")).content.decode()
    assert "Partners Group" in mine and "Weekly" in mine.title()
    # Changing them: the form shows the current choice and saves over it.
    member.post(_form_url(world, "partners"), {"kinds": ["decision"], "frequency": "daily"})
    sub.refresh_from_db()
    assert sub.kinds == ["decision"] and sub.frequency == "daily"


@pytest.mark.django_db
def test_one_click_unsubscribe_works_without_a_csrf_token(world):
    sub = SubscriptionFactory(group=world.groups["public"])
    url = reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(sub)})
    client = Client(enforce_csrf_checks=True)
    assert "Unsubscribe from these alerts?" in client.get(url).content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=sub.pk).exists()
    again = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_manage_link_lists_and_ends_subscriptions(world):
    subscriber = SubscriberFactory(email="resident@example.net")
    a = SubscriptionFactory(subscriber=subscriber, group=world.groups["public"])
    SubscriptionFactory(subscriber=subscriber, group=world.groups["partners"])
    url = reverse("alerts:manage", kwargs={"token": manage_token(subscriber)})
    client = Client()
    page = client.get(url).content.decode()
    assert "resident@example.net" in page and "Public Group" in page
    assert "&lt;" not in page  # no escaped HTML (the buttons' hidden text)
    client.post(url, {"end": a.pk})
    assert list(Subscription.objects.values_list("group__name", flat=True)) == ["Partners Group"]
    client.post(url, {"end": "all"})
    assert not Subscription.objects.exists()
    subscriber.secret = "rotated"
    subscriber.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_confirmation_link_expires(
    world, django_capture_on_commit_callbacks, monkeypatch, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(Client(), world, "late@example.net")
    link = _link(mail.outbox[0], "confirm")
    now = django_signing.time.time()
    monkeypatch.setattr(
        django_signing.time, "time", lambda: now + (settings.ALERTS_CONFIRM_DAYS + 1) * 86400
    )
    response = Client().post(link)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert not Subscription.objects.exists()
    tampered = link.replace(link.split("/")[3], link.split("/")[3][:-2] + "xx")
    monkeypatch.undo()
    assert Client().get(tampered).status_code == 404


@pytest.mark.django_db
def test_the_group_page_and_meetings_list_link_to_the_alerts(world):
    group = world.groups["public"]
    form = _form_url(world)
    detail = Client().get(
        reverse("partnership:group_detail", kwargs={"slug": world.slug, "pk": group.pk})
    )
    assert form in detail.content.decode()
    listing = Client().get(
        reverse("meetings:meeting_list", kwargs={"slug": world.slug}), {"group": group.pk}
    )
    assert form in listing.content.decode()
