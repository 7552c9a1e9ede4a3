"""The action register's services: owners by initials, deadlines, progress, matters arising,
reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from actions import selectors, services
from actions.deadlines import parse_deadline
from actions.models import Action, ActionStatus, MatterOutcome, ReminderSent
from meetings import services as meeting_services
from meetings.models import MeetingStatus


def _due(action):
    return (
        selectors.actions_visible(user=None, partnership=action.partnership).get(pk=action.pk).due
    )


def test_owners_by_initials_resolve_to_people(gov):
    action = services.action_create(
        meeting=gov.first, text="Circulate the notes", owners="jl/SR", deadline="By next meeting"
    )
    assert action.owners_written == "JL/SR"
    assert set(action.owners.values_list("initials", flat=True)) == {"JL", "SR"}


def test_all_means_every_member_present(gov):
    action = services.action_create(
        meeting=gov.first, text="Forward the details", owners="ZC/ALL", deadline="By Dec 2010"
    )
    assert action.owners_written == "ZC/ALL"
    # RG sent apologies, so ALL is JL, SR and ZC.
    assert set(action.owners.values_list("initials", flat=True)) == {"JL", "SR", "ZC"}


def test_unknown_initials_are_all_listed_and_nothing_is_saved(gov):
    with pytest.raises(ValidationError) as exc:
        services.action_create(meeting=gov.first, text="X", owners="JL/QQ/XY", deadline="")
    message = exc.value.message_dict["owners"][0]
    assert "QQ" in message and "XY" in message and "JL" not in message
    assert Action.objects.count() == 0


def test_by_next_meeting_resolves_to_next_scheduled_meeting(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    assert _due(action) == dt.date(2011, 2, 24)
    assert action.due_date == dt.date(2011, 2, 24)


def test_by_next_meeting_follows_the_meeting_when_it_moves(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="At next meeting"
    )
    meeting_services.meeting_update(meeting=gov.second, date=dt.date(2011, 3, 3))
    assert _due(action) == dt.date(2011, 3, 3)
    meeting_services.meeting_update(meeting=gov.second, status=MeetingStatus.CANCELLED)
    assert _due(action) is None  # no later meeting left: no date rather than a wrong one
    later = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.group, date=dt.date(2011, 6, 16)
    )
    assert _due(action) == later.date


def test_by_next_meeting_follows_a_meeting_added_in_between(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    earlier = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.group, date=dt.date(2011, 1, 13)
    )
    assert _due(action) == dt.date(2011, 1, 13)
    meeting_services.meeting_update(meeting=earlier, status=MeetingStatus.CANCELLED)
    assert _due(action) == dt.date(2011, 2, 24)
    meeting_services.meeting_update(meeting=earlier, status=MeetingStatus.SCHEDULED)
    assert _due(action) == dt.date(2011, 1, 13)
    assert action.due_date == dt.date(2011, 1, 13)


def test_by_next_meeting_when_the_next_meeting_moves_before_the_actions_meeting(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    later = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.group, date=dt.date(2011, 6, 16)
    )
    meeting_services.meeting_update(meeting=gov.second, date=dt.date(2010, 9, 2))
    assert _due(action) == later.date
    # An action raised at the moved meeting now waits for the November one.
    early = services.action_create(
        meeting=gov.second, text="Circulate", owners="SR", deadline="By next meeting"
    )
    assert _due(early) == dt.date(2010, 11, 25)


def test_by_next_meeting_follows_a_meeting_moved_to_another_group(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    board = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.other_group, date=dt.date(2010, 12, 15)
    )
    board_action = services.action_create(
        meeting=board, text="Note", owners="JL", deadline="By next meeting"
    )
    assert _due(board_action) is None
    meeting_services.meeting_update(meeting=gov.second, group=gov.other_group)
    assert _due(action) is None
    assert _due(board_action) == dt.date(2011, 2, 24)


def test_by_next_meeting_from_a_series_and_same_day_meetings(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    meeting_services.meeting_series_create(
        partnership=gov.partnership,
        group=gov.group,
        dates=[dt.date(2010, 12, 9), dt.date(2011, 1, 6)],
    )
    assert _due(action) == dt.date(2010, 12, 9)
    twin = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.group, date=gov.first.date
    )
    twin_action = services.action_create(
        meeting=twin, text="Same day", owners="SR", deadline="By next meeting"
    )
    assert _due(twin_action) == dt.date(2010, 12, 9)  # a meeting the same day is not "next"


def test_filters_and_dashboard_use_the_stored_next_meeting_date(gov):
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    on = dt.date(2011, 2, 25)
    overdue = selectors.ActionFilters(overdue=True)
    log = selectors.action_log(user=gov.coordinator, partnership=gov.partnership,
                               filters=overdue, today=on)  # fmt: skip
    assert list(log) == [action]
    meeting_services.meeting_update(meeting=gov.second, date=dt.date(2011, 3, 3))
    log = selectors.action_log(user=gov.coordinator, partnership=gov.partnership,
                               filters=overdue, today=on)  # fmt: skip
    assert list(log) == []
    data = selectors.dashboard(user=gov.coordinator, partnership=gov.partnership, today=on)
    assert data["overdue_count"] == 0 and data["due_soon_count"] == 1


def test_next_meeting_is_the_same_groups_not_anothers(gov):
    meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.other_group, date=dt.date(2010, 12, 15)
    )
    action = services.action_create(
        meeting=gov.first, text="Report back", owners="JL", deadline="By next meeting"
    )
    assert _due(action) == dt.date(2011, 2, 24)


def test_a_deadline_before_the_meeting_warns_but_is_kept(gov):
    deadline = parse_deadline("15 Nov 2010")
    warnings = services.deadline_warnings(meeting=gov.first, deadline=deadline)
    assert warnings and "before the meeting" in warnings[0]
    action = services.action_create(
        meeting=gov.first, text="X", owners="JL", deadline="15 Nov 2010"
    )
    assert action.deadline_date == dt.date(2010, 11, 15)


def test_unresolvable_deadline_warns_that_it_has_no_date(gov):
    warnings = services.deadline_warnings(meeting=gov.first, deadline=parse_deadline("ASAP"))
    assert "no date" in warnings[0]
    assert not services.deadline_warnings(meeting=gov.first, deadline=parse_deadline("Feb 2011"))


def test_overdue_only_for_open_actions_past_their_date(gov):
    action = services.action_create(
        meeting=gov.first, text="X", owners="JL", deadline="By Dec 2010"
    )
    assert action.is_overdue(on=dt.date(2011, 1, 1))
    assert not action.is_overdue(on=dt.date(2010, 12, 31))
    services.action_progress(action=action, text="Sent", status=ActionStatus.DONE)
    assert not action.is_overdue(on=dt.date(2011, 1, 1))
    undated = services.action_create(meeting=gov.first, text="Y", owners="JL", deadline="ASAP")
    assert not undated.is_overdue(on=dt.date(2030, 1, 1))


def test_progress_notes_are_dated_and_change_status(gov):
    action = services.action_create(meeting=gov.first, text="X", owners="JL", deadline="")
    services.action_progress(action=action, text="Half done", on=dt.date(2010, 12, 1))
    services.action_progress(
        action=action, text="", status=ActionStatus.DONE, on=dt.date(2010, 12, 10)
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_on == dt.date(2010, 12, 10)
    assert [n.date for n in action.notes.all()] == [dt.date(2010, 12, 1), dt.date(2010, 12, 10)]
    with pytest.raises(ValidationError):
        services.action_progress(action=action, text="  ")


def test_matters_arising_lists_open_actions_of_earlier_meetings(gov):
    open_one = services.action_create(meeting=gov.first, text="Open", owners="JL", deadline="")
    done = services.action_create(meeting=gov.first, text="Done", owners="SR", deadline="")
    services.action_progress(action=done, text="", status=ActionStatus.DONE)
    arising = selectors.matters_arising(user=gov.coordinator, meeting=gov.second)
    assert [a.pk for a in arising] == [open_one.pk]
    assert selectors.matters_arising(user=gov.coordinator, meeting=gov.first) == []


def test_matters_arising_marks_done_carried_forward_or_dropped(gov):
    a = services.action_create(meeting=gov.first, text="A", owners="JL", deadline="")
    b = services.action_create(meeting=gov.first, text="B", owners="SR", deadline="")
    c = services.action_create(meeting=gov.first, text="C", owners="ZC", deadline="")
    for action, outcome in (
        (a, MatterOutcome.DONE),
        (b, MatterOutcome.CARRIED_FORWARD),
        (c, MatterOutcome.DROPPED),
    ):
        services.matter_arising_record(
            meeting=gov.second, action=action, outcome=outcome, note="Noted"
        )
    statuses = {x.text: x.status for x in Action.objects.all()}
    assert statuses == {"A": "done", "B": "open", "C": "dropped"}
    # Each still shows at this meeting with its outcome; only B comes back at the next one.
    shown = selectors.matters_arising(user=gov.coordinator, meeting=gov.second)
    assert {x.text: x.matter.outcome for x in shown} == {
        "A": "done",
        "B": "carried_forward",
        "C": "dropped",
    }
    third = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.group, date=dt.date(2011, 6, 16)
    )
    assert [x.text for x in selectors.matters_arising(user=gov.coordinator, meeting=third)] == ["B"]
    assert b.notes.get().date == gov.second.date


def test_matters_arise_only_at_later_meetings_of_the_same_group(gov):
    a = services.action_create(meeting=gov.first, text="A", owners="JL", deadline="")
    board = meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.other_group, date=dt.date(2011, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.matter_arising_record(meeting=board, action=a, outcome=MatterOutcome.DONE)


def test_reminders_go_once_a_day_to_each_owner_and_the_coordinator(gov, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.action_create(
        meeting=gov.first, text="Overdue one", owners="JL", deadline="By Dec 2010"
    )
    services.action_create(
        meeting=gov.first, text="Due soon", owners="JL/SR", deadline="By next meeting"
    )
    services.action_create(meeting=gov.first, text="Far off", owners="ZC", deadline="Dec 2011")
    on = dt.date(2011, 2, 20)
    result = services.reminders_send(partnership=gov.partnership, on=on, days=7)
    assert (result.owners_sent, result.coordinators_sent) == (2, 1)
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {gov.people["JL"].email, gov.people["SR"].email, gov.coordinator.email}
    assert "Overdue one" in to[gov.people["JL"].email].body
    assert "Due soon" in to[gov.people["JL"].email].body
    assert "Overdue one" not in to[gov.people["SR"].email].body
    assert "Far off" not in "".join(m.body for m in mail.outbox)
    again = services.reminders_send(partnership=gov.partnership, on=on, days=7)
    assert (again.owners_sent, again.coordinators_sent, again.skipped) == (0, 0, 3)
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(sent_on=on).count() == 3
    services.reminders_send(partnership=gov.partnership, on=on + dt.timedelta(days=1), days=7)
    assert len(mail.outbox) == 6


def test_action_log_pages_read_by_meeting_are_the_sorted_register(gov):
    from actions.factories import bulk_actions

    bulk_actions(partnership=gov.partnership, group=gov.group, people=list(gov.people.values()),
                 n=1_200, meetings=12)  # fmt: skip
    meeting_services.meeting_create(  # a second meeting on one day, of the other group
        partnership=gov.partnership, group=gov.other_group, date=gov.first.date
    )
    services.action_create(meeting=gov.first, text="Late", owners="JL", deadline="By Dec 2010")
    on = dt.date(2011, 1, 1)
    for user in (gov.coordinator, None):
        for filters in (selectors.ActionFilters(), selectors.ActionFilters(status="open"),
                        selectors.ActionFilters(overdue=True, group=gov.group)):  # fmt: skip
            qs = selectors.action_log(
                user=user, partnership=gov.partnership, filters=filters, today=on
            )
            for page in (1, 2, 5, 13):
                rows = selectors.action_log_rows(
                    qs=qs, partnership=gov.partnership, filters=filters, page=page, size=50
                )
                assert [a.pk for a in rows] == [a.pk for a in qs[(page - 1) * 50 : page * 50]]
