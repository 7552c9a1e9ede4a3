"""The agenda before the meeting, circulation by e-mail with a record of who was sent what, and
amendment boxes that start with the item's text (issue 10, point 5)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings import selectors, services
from meetings.models import CirculationRecipient, MinutesStatus, RecipientStatus

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _page(gov, meeting, user=None) -> str:
    url = reverse(
        "meetings:meeting_detail", kwargs={"slug": gov.partnership.slug, "pk": meeting.pk}
    )
    response = _client(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _agenda(gov):
    meeting = gov.second
    public = services.item_create(
        meeting=meeting, number="1", title="Review of the sub-groups", minutes="Secret draft words"
    )
    services.item_create(
        meeting=meeting, number="2", title="Partners only matter", visibility="partners"
    )
    paper = services.paper_add(
        item=public,
        title="Sub-groups paper",
        upload=SimpleUploadedFile("subgroups.pdf", b"%PDF-1.4 paper", "application/pdf"),
    )
    return meeting, paper


def test_an_unpublished_agenda_is_hidden_from_members_and_the_public(gov):
    meeting, paper = _agenda(gov)
    for user in (None, gov.owner_user):
        page = _page(gov, meeting, user)
        assert "Review of the sub-groups" not in page
        assert "The agenda and minutes of this meeting are not published yet." in page
    paper_url = reverse(
        "meetings:paper_download", kwargs={"slug": gov.partnership.slug, "pk": paper.pk}
    )
    assert _client().get(paper_url).status_code == 404
    assert "Publish the agenda" in _page(gov, meeting, gov.coordinator)


def test_a_published_agenda_shows_items_and_papers_at_their_visibility_but_not_minute_text(gov):
    meeting, paper = _agenda(gov)
    response = _client(gov.coordinator).post(
        reverse("meetings:agenda_publish", kwargs={"slug": gov.partnership.slug, "pk": meeting.pk})
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    public_page = _page(gov, meeting)
    assert "Review of the sub-groups" in public_page and "Sub-groups paper" in public_page
    assert "Partners only matter" not in public_page
    assert "Secret draft words" not in public_page
    assert "The minutes of this meeting are not published yet." in public_page
    member_page = _page(gov, meeting, gov.owner_user)
    assert "Partners only matter" in member_page and "Secret draft words" not in member_page
    paper_url = reverse(
        "meetings:paper_download", kwargs={"slug": gov.partnership.slug, "pk": paper.pk}
    )
    assert _client().get(paper_url).status_code == 200
    # The minute text and the minutes documents wait for the minutes.
    minutes_url = reverse(
        "meetings:minutes_html", kwargs={"slug": gov.partnership.slug, "pk": meeting.pk}
    )
    assert _client().get(minutes_url).status_code == 404
    assert not selectors.minutes_readable(AnonymousUser(), meeting)
    assert selectors.agenda_readable(AnonymousUser(), meeting)


def test_agenda_publish_refuses_twice_and_without_items(gov):
    with pytest.raises(ValidationError, match="Add the agenda items"):
        services.agenda_publish(meeting=gov.second, user=gov.coordinator)
    meeting, _ = _agenda(gov)
    services.agenda_publish(meeting=meeting, user=gov.coordinator)
    with pytest.raises(ValidationError, match="already published"):
        services.agenda_publish(meeting=meeting, user=gov.coordinator)


def test_agenda_q_lets_every_page_filter_meetings_by_agenda(gov):
    meeting, _ = _agenda(gov)
    anonymous = AnonymousUser()
    readable = selectors.meetings_visible(user=anonymous, partnership=gov.partnership).filter(
        selectors.agenda_q(anonymous, gov.partnership)
    )
    assert meeting not in readable
    services.agenda_publish(meeting=meeting)
    assert meeting in readable.all()


# Circulation -------------------------------------------------------------------------------


def _with_items(gov):
    services.item_create(meeting=gov.first, number="1", title="Welcome", minutes="Draft text")
    return gov.first


def test_circulating_emails_each_current_member_and_records_who_was_sent_which_version(
    gov, django_capture_on_commit_callbacks
):
    gov.people["RG"].email = ""
    gov.people["RG"].save()
    meeting = _with_items(gov)
    url = reverse(
        "meetings:minutes_circulate", kwargs={"slug": gov.partnership.slug, "pk": meeting.pk}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _client(gov.coordinator).post(url)
    assert response.status_code == 302
    assert len(callbacks) == 1  # the e-mails go through the task queue, after the commit
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    sent_to = sorted(address for m in mail.outbox for address in m.to)
    assert sent_to == sorted(gov.people[i].email for i in ("JL", "SR", "ZC"))
    message = mail.outbox[0]
    assert message.subject == "Draft minutes for approval: Delivery Group, 25 November 2010"
    assert f"/p/gov/meetings/{meeting.pk}/" in message.body
    [circulation] = selectors.circulations_of(meeting=meeting)
    assert circulation.version.reason == "Circulated"
    assert circulation.sent_by == gov.coordinator
    by_name = {r.name: r for r in circulation.recipients.all()}
    assert {n: r.status for n, r in by_name.items()} == {
        "John Littlemore": RecipientStatus.SENT,
        "Sarah Robson": RecipientStatus.SENT,
        "Zena Cooke": RecipientStatus.SENT,
        "Robbie Graham": RecipientStatus.NO_ADDRESS,
    }
    assert all(r.sent_at for r in by_name.values() if r.status == RecipientStatus.SENT)
    # Coordinators see who was sent what and when; members do not.
    coordinator_page = _page(gov, meeting, gov.coordinator)
    assert "Version 2 of the minutes, circulated" in coordinator_page
    assert "Not sent: no e-mail address" in coordinator_page
    assert gov.people["SR"].email in coordinator_page
    assert "Circulation" not in _page(gov, meeting, gov.owner_user)


def test_a_failed_email_is_recorded_for_its_recipient_and_the_others_are_still_sent(
    gov, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    bad = gov.people["ZC"].email
    real_send = EmailMessage.send

    def send(self, *args, **kwargs):
        if bad in self.to:
            raise ConnectionRefusedError("SMTP server refused the connection")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    meeting = _with_items(gov)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(meeting=meeting, user=gov.coordinator)
    failed = CirculationRecipient.objects.get(email=bad)
    assert failed.status == RecipientStatus.FAILED and failed.sent_at is None
    assert "SMTP server refused the connection" in failed.error
    assert len(mail.outbox) == 3
    assert "SMTP server refused the connection" in _page(gov, meeting, gov.coordinator)


def test_ended_members_are_not_sent_the_minutes_and_nobody_gets_two_copies(
    gov, django_capture_on_commit_callbacks
):
    from partnership.factories import MembershipFactory
    from partnership.models import MembershipStatus

    gov.group.memberships.filter(person=gov.people["RG"]).update(status=MembershipStatus.ENDED)
    MembershipFactory(group=gov.group, person=gov.people["JL"], role="chair")  # a second role
    meeting = _with_items(gov)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(meeting=meeting, user=gov.coordinator)
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        gov.people[i].email for i in ("JL", "SR", "ZC")
    )


def test_nothing_is_sent_when_circulating_fails(gov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.minutes_circulate(meeting=gov.first, user=gov.coordinator)  # no items
    assert mail.outbox == [] and not CirculationRecipient.objects.exists()


# Amendments --------------------------------------------------------------------------------


def _circulated(gov):
    item = services.item_create(
        meeting=gov.first, number="1", title="Welcome", minutes="MA welcomed everyone."
    )
    services.minutes_circulate(meeting=gov.first, user=gov.coordinator)
    return item


def test_the_amendment_box_starts_with_the_items_current_text(gov):
    item = _circulated(gov)
    url = reverse(
        "meetings:minutes_approve", kwargs={"slug": gov.partnership.slug, "pk": gov.first.pk}
    )
    page = _client(gov.coordinator).get(f"{url}?item={item.pk}").content.decode()
    assert ">MA welcomed everyone.</textarea>" in page
    assert f'<option value="{item.pk}" selected' in page
    # Sent back unchanged, the text is not an amendment of the item's words.
    response = _client(gov.coordinator).post(
        f"{url}?item={item.pk}",
        {
            "approved_at": gov.second.pk,
            "note": "Spelling of a name corrected, proposed by ZC",
            "item": item.pk,
            "new_text": "MA welcomed everyone.",
        },
    )
    assert response.status_code == 302
    [amendment] = gov.first.amendments.all()
    assert amendment.new_text == "" and amendment.item == item


def test_an_amendment_made_from_the_prefilled_text_changes_the_item(gov):
    item = _circulated(gov)
    services.minutes_approve(meeting=gov.first, approved_at=gov.second, user=gov.coordinator)
    url = reverse(
        "meetings:minutes_amend", kwargs={"slug": gov.partnership.slug, "pk": gov.first.pk}
    )
    c = _client(gov.coordinator)
    assert ">MA welcomed everyone.</textarea>" in c.get(f"{url}?item={item.pk}").content.decode()
    response = c.post(
        f"{url}?item={item.pk}",
        {
            "agreed_at": gov.second.pk,
            "note": "Name corrected",
            "item": item.pk,
            "new_text": "MA welcomed everyone present.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "MA welcomed everyone present."
