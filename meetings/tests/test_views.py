"""Meeting pages over HTTP: scheduling, attendance, papers, approval, feeds, bounded queries."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from actions import services as action_services
from actions.factories import bulk_actions
from core.models import Visibility
from meetings import services
from meetings.models import Meeting, MinutesStatus, Paper


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _url(name, gov, **kwargs):
    return reverse(name, kwargs={"slug": gov.partnership.slug, **kwargs})


def test_coordinator_schedules_a_series_from_typed_dates(gov):
    response = _client(gov.coordinator).post(
        _url("meetings:meeting_series_create", gov),
        {
            "group": gov.group.pk,
            "dates": "• 16 June 2011\n6 September 2011\n",
            "start_time": "11:00",
            "location": "Room 6D",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert set(gov.group.meetings.values_list("date", flat=True)) >= {
        dt.date(2011, 6, 16),
        dt.date(2011, 9, 6),
    }


def test_a_series_with_an_unreadable_date_lists_it(gov):
    response = _client(gov.coordinator).post(
        _url("meetings:meeting_series_create", gov),
        {"group": gov.group.pk, "dates": "16 June 2011\nsometime in May", "visibility": "public"},
    )
    assert response.status_code == 400
    assert "sometime in May" in response.content.decode()
    assert gov.group.meetings.count() == 2


def test_scheduling_a_clashing_meeting_warns(gov):
    from partnership.factories import MembershipFactory

    MembershipFactory(group=gov.other_group, person=gov.people["ZC"])
    response = _client(gov.coordinator).post(
        _url("meetings:meeting_create", gov),
        {
            "group": gov.other_group.pk,
            "date_day": "25",
            "date_month": "11",
            "date_year": "2010",
            "start_time": "11:30",
            "status": "scheduled",
            "visibility": "public",
        },
        follow=True,
    )
    assert "Diary clash: Zena Cooke is also invited to Delivery Group" in response.content.decode()


def test_attendance_form_records_present_and_apologies(gov):
    url = _url("meetings:attendance_edit", gov, pk=gov.second.pk)
    data = {f"status_{p.pk}": "present" for p in gov.people.values()}
    data[f"status_{gov.people['RG'].pk}"] = "apologies"
    data[f"role_{gov.people['JL'].pk}"] = "Chair"
    assert _client(gov.coordinator).post(url, data).status_code == 302
    statuses = dict(gov.second.attendance.values_list("person__initials", "status"))
    assert statuses == {"JL": "present", "SR": "present", "ZC": "present", "RG": "apologies"}
    assert gov.second.attendance.get(person=gov.people["JL"]).role == "Chair"


def test_attendance_form_records_the_reason_given_with_apologies(gov):
    url = _url("meetings:attendance_edit", gov, pk=gov.second.pk)
    page = _client(gov.coordinator).get(url).content.decode()
    assert f'name="reason_{gov.people["RG"].pk}"' in page
    data = {f"status_{p.pk}": "present" for p in gov.people.values()}
    data[f"status_{gov.people['RG'].pk}"] = "apologies"
    data[f"reason_{gov.people['RG'].pk}"] = "Meeting clash"
    data[f"reason_{gov.people['JL'].pk}"] = "Ignored: JL was present"
    assert _client(gov.coordinator).post(url, data).status_code == 302
    reasons = dict(gov.second.attendance.values_list("person__initials", "reason"))
    assert reasons == {"JL": "", "SR": "", "ZC": "", "RG": "Meeting clash"}


def test_uploading_a_wrong_type_of_paper_shows_an_error(gov):
    item = services.item_create(meeting=gov.first, number="1", title="T")
    response = _client(gov.coordinator).post(
        _url("meetings:paper_add", gov, pk=item.pk),
        {"title": "", "file": SimpleUploadedFile("virus.exe", b"MZ", "application/x-msdownload")},
    )
    assert response.status_code == 400
    assert "virus.exe is not a paper type we accept" in response.content.decode()
    assert Paper.objects.count() == 0


def test_approving_minutes_with_an_amendment_at_the_next_meeting(gov):
    item = services.item_create(meeting=gov.first, number="1", title="T", minutes="Wrong")
    services.minutes_circulate(meeting=gov.first)
    c = _client(gov.coordinator)
    page = c.get(_url("meetings:meeting_detail", gov, pk=gov.second.pk)).content.decode()
    assert "Approve the minutes of 25 November 2010 at this meeting" in page
    response = c.post(
        _url("meetings:minutes_approve", gov, pk=gov.first.pk),
        {
            "approved_at": gov.second.pk,
            "note": "Correction proposed by MA and agreed",
            "item": item.pk,
            "new_text": "Right",
        },
    )
    assert response.status_code == 302
    gov.first.refresh_from_db()
    item.refresh_from_db()
    assert gov.first.minutes_status == MinutesStatus.APPROVED and item.minutes == "Right"
    page = c.get(_url("meetings:meeting_detail", gov, pk=gov.first.pk)).content.decode()
    assert "Correction proposed by MA and agreed" in page


def test_an_amendment_without_a_note_is_refused(gov):
    item = services.item_create(meeting=gov.first, number="1", title="T", minutes="Wrong")
    services.minutes_circulate(meeting=gov.first)
    response = _client(gov.coordinator).post(
        _url("meetings:minutes_approve", gov, pk=gov.first.pk),
        {"approved_at": gov.second.pk, "item": item.pk, "new_text": "Right"},
    )
    assert response.status_code == 400
    gov.first.refresh_from_db()
    assert gov.first.minutes_status == MinutesStatus.CIRCULATED


def test_group_feed_shows_private_meetings_only_with_a_members_token(gov):
    services.meeting_update(meeting=gov.second, visibility=Visibility.PARTNERS)
    url = _url("meetings:group_calendar", gov, pk=gov.group.pk)

    def dates(query=""):
        cal = Calendar.from_ical(Client().get(url + query).content)
        return sorted(str(e["dtstart"].dt)[:10] for e in cal.walk("VEVENT"))

    assert dates() == ["2010-11-25"]
    assert dates(f"?token={gov.owner_user.feed_token}") == ["2010-11-25", "2011-02-24"]


def test_restricted_items_never_reach_public_search_or_minutes(gov):
    services.item_create(meeting=gov.first, number="1", title="Open item", minutes="Shared text")
    services.item_create(
        meeting=gov.first,
        number="2",
        title="Secret item",
        minutes="Shared text",
        visibility=Visibility.RESTRICTED,
    )
    services.minutes_circulate(meeting=gov.first)
    services.minutes_approve(meeting=gov.first, approved_at=gov.second)
    public = Client()
    found = public.get(_url("meetings:search", gov) + "?q=Shared").content.decode()
    assert "Open item" in found and "Secret item" not in found
    html = public.get(_url("meetings:minutes_html", gov, pk=gov.first.pk)).content.decode()
    assert "Open item" in html and "Secret item" not in html
    coordinator = _client(gov.coordinator)
    assert (
        "Secret item"
        in coordinator.get(_url("meetings:search", gov) + "?q=Shared").content.decode()
    )


def test_meeting_page_runs_a_bounded_number_of_queries(gov, django_assert_max_num_queries):
    people = list(gov.people.values())
    bulk_actions(partnership=gov.partnership, group=gov.group, people=people, n=20_000, meetings=40)
    meeting = Meeting.objects.filter(group=gov.group).order_by("-date").first()
    for number in ("1", "2", "3", "4", "5"):
        item = meeting.items.get(number=number)
        for k in range(3):
            action_services.action_create(
                meeting=meeting, item=item, text=f"Raised {number}.{k}", owners="JL/SR",
                deadline="By next meeting",
            )  # fmt: skip
    c = _client(gov.coordinator)
    url = _url("meetings:meeting_detail", gov, pk=meeting.pk)
    with django_assert_max_num_queries(30):
        response = c.get(url)
    assert response.status_code == 200
    assert "Matters arising" in response.content.decode()
    with django_assert_max_num_queries(30):
        assert Client().get(url).status_code == 200


def test_a_restricted_item_names_who_may_read_it(gov):
    response = _client(gov.coordinator).post(
        _url("meetings:item_create", gov, pk=gov.first.pk),
        {
            "number": "4",
            "title": "Named reader item",
            "minutes": "For JL only",
            "visibility": "restricted",
            "restricted_to": [gov.people["JL"].pk],
        },
    )
    assert response.status_code == 302
    services.minutes_circulate(meeting=gov.first)
    url = _url("meetings:meeting_detail", gov, pk=gov.first.pk)
    assert "Named reader item" in _client(gov.owner_user).get(url).content.decode()
    from accounts.factories import RoleFactory, UserFactory

    other = UserFactory(email="other-member@gov.example.org")
    RoleFactory(user=other, partnership=gov.partnership, role="member")
    assert "Named reader item" not in _client(other).get(url).content.decode()


def test_attendance_history_per_person_lists_each_meeting(gov):
    url = _url("meetings:attendance_history", gov) + f"?person={gov.people['RG'].pk}"
    body = _client(gov.coordinator).get(url).content.decode()
    assert "Robbie Graham, meeting by meeting" in body
    assert "Delivery Group, 25 November 2010" in body and "Apologies" in body


def test_a_decision_recorded_at_an_item_shows_its_papers(gov, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = services.item_create(meeting=gov.first, number="8", title="Funding requests")
    services.paper_add(
        item=item,
        title="Porchlight bid",
        upload=SimpleUploadedFile("bid.pdf", b"%PDF-1.4 bid", "application/pdf"),
    )
    services.minutes_circulate(meeting=gov.first)
    c = _client(gov.coordinator)
    response = c.post(
        _url("meetings:decision_create", gov),
        {
            "title": "Fund Porchlight: £5,000",
            "made_by_group": gov.group.pk,
            "made_on_day": "25",
            "made_on_month": "11",
            "made_on_year": "2010",
            "item": item.pk,
            "follow_ups": "31 December 2010: Funding form completed",
            "visibility": "public",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Fund Porchlight: £5,000" in body and "Porchlight bid" in body
    assert "31 December 2010" in body and "Funding form completed" in body


def test_a_paper_downloads_with_its_name_for_those_who_may_read_it(gov, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = services.item_create(meeting=gov.first, number="5", title="Sub-groups")
    paper = services.paper_add(
        item=item,
        title="Review",
        upload=SimpleUploadedFile("review.pdf", b"%PDF-1.4 review", "application/pdf"),
    )
    url = _url("meetings:paper_download", gov, pk=paper.pk)
    assert Client().get(url).status_code == 404  # draft minutes: not published yet
    response = _client(gov.coordinator).get(url)
    assert response.content == b"%PDF-1.4 review"
    assert response["Content-Disposition"] == 'attachment; filename="review.pdf"'


def test_a_meetings_minutes_heading_is_set_on_its_form_and_heads_the_minutes(gov):
    from meetings import selectors

    url = _url("meetings:meeting_edit", gov, pk=gov.first.pk)
    data = {
        "group": gov.group.pk,
        "date_day": "25",
        "date_month": "11",
        "date_year": "2010",
        "start_time": "11:00",
        "status": "held",
        "minutes_heading": "Local Strategic Partnership",
        "visibility": "public",
    }
    response = _client(gov.coordinator).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    gov.first.refresh_from_db()
    doc = selectors.minutes_document(user=gov.coordinator, meeting=gov.first)
    assert doc.heading[1] == "LOCAL STRATEGIC PARTNERSHIP"
