"""The action register over HTTP and the command line: bad input, owners' updates, exports,
feeds, reminders, and bounded queries at 20,000 actions."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from accounts.factories import RoleFactory, UserFactory
from actions import selectors, services, tally
from actions.factories import bulk_actions
from actions.models import Action, ActionStatus

EXPORT_COLUMNS = [
    "meeting_date", "item", "action", "owners", "deadline", "deadline_date", "status", "group",
    "meeting",
]  # fmt: skip
MEETING = ["Delivery Group", "Delivery Group, 25 November 2010"]


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _url(name, gov, **kwargs):
    return reverse(name, kwargs={"slug": gov.partnership.slug, **kwargs})


def test_unknown_initials_show_a_message_listing_them_and_save_nothing(gov):
    response = _client(gov.coordinator).post(
        _url("actions:action_create", gov, pk=gov.first.pk),
        {"text": "Do it", "owners": "JL/QZ/XX", "deadline": "By next meeting"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "QZ, XX" in body
    assert Action.objects.count() == 0


def test_a_deadline_before_the_meeting_is_saved_with_a_warning(gov):
    response = _client(gov.coordinator).post(
        _url("actions:action_create", gov, pk=gov.first.pk),
        {"text": "Do it", "owners": "JL", "deadline": "1 Nov 2010"},
        follow=True,
    )
    assert response.status_code == 200
    assert "is before the meeting" in response.content.decode()
    assert Action.objects.get().deadline_date == dt.date(2010, 11, 1)


def test_an_owner_marks_their_own_action_done(gov):
    action = services.action_create(meeting=gov.first, text="Do it", owners="JL/SR", deadline="")
    response = _client(gov.owner_user).post(
        _url("actions:action_progress", gov, pk=action.pk),
        {"status": "done", "text": "Sent to partners"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.notes.get().author == gov.owner_user


def test_a_member_who_does_not_own_an_action_cannot_update_it(gov):
    action = services.action_create(meeting=gov.first, text="Do it", owners="SR", deadline="")
    response = _client(gov.owner_user).post(
        _url("actions:action_progress", gov, pk=action.pk), {"status": "done", "text": "x"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_my_actions_lists_only_the_users_own(gov):
    services.action_create(meeting=gov.first, text="Mine to do", owners="JL", deadline="")
    services.action_create(meeting=gov.first, text="Someone else's", owners="SR", deadline="")
    body = _client(gov.owner_user).get(_url("actions:my_actions", gov)).content.decode()
    assert "Mine to do" in body and "Someone else" not in body


def test_csv_export_has_the_documented_columns_and_filters(gov):
    services.action_create(
        meeting=gov.first, text="Open one", owners="JL/SR", deadline="By next meeting"
    )
    done = services.action_create(meeting=gov.first, text="Done one", owners="ZC", deadline="ASAP")
    services.action_progress(action=done, text="", status=ActionStatus.DONE)
    c = _client(gov.coordinator)
    rows = list(
        csv.reader(
            io.StringIO(c.get(_url("actions:action_export_csv", gov)).content.decode("utf-8-sig"))
        )
    )
    assert rows[0] == EXPORT_COLUMNS
    assert [
        "2010-11-25", "", "Open one", "JL/SR", "By next meeting", "2011-02-24", "open", *MEETING
    ] in rows  # fmt: skip
    assert ["2010-11-25", "", "Done one", "ZC", "ASAP", "", "done", *MEETING] in rows
    response = c.get(_url("actions:action_export_csv", gov) + "?status=open")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["Open one"]
    response = c.get(_url("actions:action_export_csv", gov) + f"?owner={gov.people['ZC'].pk}")
    assert "Done one" in response.content.decode() and "Open one" not in response.content.decode()


def test_xlsx_export_reads_back(gov):
    services.action_create(meeting=gov.first, text="Open one", owners="JL", deadline="Feb 2011")
    response = _client(gov.coordinator).get(_url("actions:action_export_xlsx", gov))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == EXPORT_COLUMNS
    assert list(values[1]) == [
        dt.datetime(2010, 11, 25),  # real date cells (core.exports)
        None,
        "Open one",
        "JL",
        "Feb 2011",
        dt.datetime(2011, 2, 28),
        "open",
        *MEETING,
    ]
    # Dates are date cells shown as "25 November 2010"; every column is sized to its content.
    assert sheet["A2"].is_date and sheet["A2"].number_format == "d mmmm yyyy"
    assert sheet["F2"].is_date
    widths = {col: sheet.column_dimensions[col].width for col in "ABCDEFGHI"}
    assert widths["A"] == 19 and widths["I"] == len("Delivery Group, 25 November 2010") + 2
    assert all(
        widths[col] >= len(header) + 2
        for col, header in zip("ABCDEFGHI", EXPORT_COLUMNS, strict=True)
    ), widths


def test_export_actions_command_writes_csv_and_xlsx(gov, tmp_path, capsys):
    services.action_create(meeting=gov.first, text="Open one", owners="JL", deadline="By Dec 2010")
    done = services.action_create(meeting=gov.first, text="Done one", owners="SR", deadline="")
    services.action_progress(action=done, text="", status=ActionStatus.DONE)
    out = tmp_path / "a.csv"
    call_command(
        "export_actions", "--format", "csv", "--group", "Delivery Group", "--status", "open",
        "--partnership", "gov", "--output", str(out),
    )  # fmt: skip
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows == [
        EXPORT_COLUMNS,
        ["2010-11-25", "", "Open one", "JL", "By Dec 2010", "2010-12-31", "open", *MEETING],
    ]
    assert "Exported 1 actions" in capsys.readouterr().err
    xlsx = tmp_path / "a.xlsx"
    call_command("export_actions", "--format", "xlsx", "--output", str(xlsx))
    assert len(list(load_workbook(xlsx).active.values)) == 3


def test_export_actions_command_rejects_an_unknown_group(gov):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No group 'Nope'"):
        call_command("export_actions", "--group", "Nope")


def test_person_feed_lists_their_dated_open_actions_with_links(gov):
    services.action_create(
        meeting=gov.first, text="Mine dated", owners="JL", deadline="By next meeting"
    )
    services.action_create(meeting=gov.first, text="Mine undated", owners="JL", deadline="ASAP")
    services.action_create(meeting=gov.first, text="Not mine", owners="SR", deadline="By Dec 2010")
    token = gov.owner_user.feed_token
    response = Client().get(_url("actions:person_feed", gov, token=token))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Action due: Mine dated"]
    assert events[0]["dtstart"].dt == dt.date(2011, 2, 24)
    assert "/p/gov/actions/" in str(events[0]["url"])


def test_resetting_the_feed_token_stops_the_old_address(gov):
    old = gov.owner_user.feed_token
    c = _client(gov.owner_user)
    assert c.post(_url("actions:feed_settings", gov)).status_code == 302
    gov.owner_user.refresh_from_db()
    assert gov.owner_user.feed_token != old
    assert Client().get(_url("actions:person_feed", gov, token=old)).status_code == 404
    assert (
        Client().get(_url("actions:person_feed", gov, token=gov.owner_user.feed_token)).status_code
        == 200
    )


def test_send_reminders_command_runs_the_task_once_a_day(gov, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.action_create(meeting=gov.first, text="Overdue", owners="JL", deadline="By Dec 2010")
    call_command("send_reminders", "--date", "2011-01-10", "--now")
    call_command("send_reminders", "--date", "2011-01-10")  # queued; the test backend runs it now
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [gov.people["JL"].email, gov.coordinator.email]
    )


def test_dashboard_shows_overdue_and_counts_by_owner_and_body(gov):
    services.action_create(
        meeting=gov.first, text="Late thing", owners="RG", deadline="By Dec 2010"
    )
    body = _client(gov.coordinator).get(_url("actions:dashboard", gov)).content.decode()
    assert "Late thing" in body
    assert "Robbie Graham (RG)" in body and "Police" in body


def test_matters_arising_page_records_outcomes(gov):
    a = services.action_create(meeting=gov.first, text="Carry me", owners="JL", deadline="")
    c = _client(gov.coordinator)
    url = _url("actions:matters_arising", gov, pk=gov.second.pk)
    assert "Carry me" in c.get(url).content.decode()
    response = c.post(url, {f"outcome_{a.pk}": "carried_forward", f"note_{a.pk}": "Next time"})
    assert response.status_code == 302
    page = c.get(_url("meetings:meeting_detail", gov, pk=gov.second.pk)).content.decode()
    assert "Carried forward: Next time" in page


def test_action_log_and_dashboard_run_a_bounded_number_of_queries_at_20000_actions(
    gov, django_assert_max_num_queries
):
    people = list(gov.people.values())
    bulk_actions(partnership=gov.partnership, group=gov.group, people=people, n=20_000)
    assert Action.objects.count() == 20_000
    tally.rebuild(gov.partnership)  # the first read after a bulk load builds it (more queries)
    viewer = UserFactory(email="viewer@gov.example.org")
    RoleFactory(user=viewer, partnership=gov.partnership, role="viewer")
    clients = {
        "coordinator": _client(gov.coordinator),
        "viewer": _client(viewer),
        "anonymous": Client(),
    }
    for role, c in clients.items():
        for query in ("", "?status=open&overdue=on", f"?owner={gov.people['JL'].pk}&page=3"):
            with django_assert_max_num_queries(14):
                response = c.get(_url("actions:action_log", gov) + query)
            assert response.status_code == 200, (role, query)
    with django_assert_max_num_queries(16):
        assert clients["coordinator"].get(_url("actions:dashboard", gov)).status_code == 200
    # A quarter of the bulk actions are restricted, a quarter for partners only.
    body = clients["viewer"].get(_url("actions:action_log", gov)).content.decode()
    assert "15,000 actions" in body
    body = clients["anonymous"].get(_url("actions:action_log", gov)).content.decode()
    assert "10,000 actions" in body


def _xlsx_text(content: bytes) -> str:
    return "\n".join(
        str(v) for row in load_workbook(io.BytesIO(content)).active.values for v in row if v
    )


def test_xlsx_export_and_word_minutes_leave_out_what_the_reader_may_not_see(world, client_for):
    """Binary outputs, which the matrix's text check cannot look inside."""
    from docx import Document

    from actions.tests.permissions import action_records
    from meetings.tests.permissions import governance_records

    g, r = governance_records(world), action_records(world)
    slug = world.partnership.slug
    secret_actions = [
        r["actions"]["partners"].text,
        r["actions"]["restricted"].text,
        r["on_restricted_item"].text,
        r["in_restricted_meeting"].text,
    ]
    xlsx = reverse("actions:action_export_xlsx", kwargs={"slug": slug})
    docx = reverse("meetings:minutes_docx", kwargs={"slug": slug, "pk": g["meetings"]["public"].pk})
    public_text = _xlsx_text(client_for("anonymous").get(xlsx).content)
    assert r["actions"]["public"].text in public_text
    assert not [s for s in secret_actions if s in public_text]
    member_text = _xlsx_text(client_for("member").get(xlsx).content)
    assert all(s in member_text for s in secret_actions)  # the member is named on them

    def minutes_text(role):
        doc = Document(io.BytesIO(client_for(role).get(docx).content))
        return "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)

    public_minutes = minutes_text("anonymous")
    assert "Public Item Zebra" in public_minutes
    assert "Partners Item Zebra" not in public_minutes
    assert "Restricted Item Zebra" not in public_minutes
    viewer_minutes = minutes_text("viewer")
    assert "Partners Item Zebra" in viewer_minutes
    assert "Restricted Item Zebra" not in viewer_minutes


def test_action_log_searches_the_action_text(gov):
    services.action_create(
        meeting=gov.first, text="Draft the funding protocol", owners="JL", deadline=""
    )
    services.action_create(meeting=gov.first, text="Book the room", owners="SR", deadline="")
    body = Client().get(_url("actions:action_log", gov) + "?q=funding").content.decode()
    assert "Draft the funding protocol" in body and "Book the room" not in body


def test_meeting_page_pages_matters_arising_and_actions_raised(gov):
    """At 6,000 actions the meeting page shows 100 of each list, and the pages, read in turn,
    are the whole list in order."""
    people = list(gov.people.values())
    meetings = bulk_actions(partnership=gov.partnership, group=gov.group, people=people,
                            n=6_000, meetings=30)  # fmt: skip
    last = meetings[-1]
    c = _client(gov.coordinator)
    url = reverse("meetings:meeting_detail", kwargs={"slug": gov.partnership.slug, "pk": last.pk})
    first = c.get(url)
    assert first.status_code == 200
    assert len(first.content) < 150_000  # 2,900 matters arising and 200 raised: a page of each
    body = first.content.decode()
    assert "Showing matters arising 1 to 100." in body and "arising=2#matters-arising" in body
    assert "Showing actions 1 to 100." in body and "raised=2#actions-raised" in body
    everything = selectors.matters_arising(user=gov.coordinator, meeting=last)
    paged, page = [], 1
    while True:
        window = selectors.matters_arising_page(
            user=gov.coordinator, meeting=last, limit=1000, page=page
        )
        paged += window.rows
        if not window.has_next:
            break
        page += 1
    assert [a.pk for a in paged] == [a.pk for a in everything] and len(everything) > 2500
    second = c.get(url + "?raised=2").content.decode()
    assert "Showing actions 101 to 1" in second and "raised=3" not in second
