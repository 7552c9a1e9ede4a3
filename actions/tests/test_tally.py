"""The register's tally gives the dashboard and the action log the counts a live count gives,
for every reader, and is rebuilt when a service changes what it counts."""

import datetime as dt

from accounts.factories import RoleFactory, UserFactory
from actions import selectors, services, tally
from actions.factories import bulk_actions
from actions.models import Action, ActionStatus, ActionTallyState
from core.models import Visibility
from meetings import services as meeting_services
from partnership import services as partnership_services
from partnership.factories import PersonFactory

TODAY = dt.date(2009, 6, 1)  # inside the bulk meetings' span: some late, some due soon


def _same(user, partnership, today=TODAY):
    got = selectors.dashboard(user=user, partnership=partnership, today=today, soon_days=60)
    live = selectors._dashboard_live(user=user, partnership=partnership, today=today, soon_days=60)
    for name in ("overdue_count", "due_soon_count", "open_count", "by_owner", "by_body"):
        assert got[name] == live[name], name
    for name in ("overdue", "due_soon"):
        assert [a.pk for a in got[name]] == [a.pk for a in live[name]], name
    return got


def _readers(gov):
    viewer = UserFactory(email="viewer@gov.example.org")
    RoleFactory(user=viewer, partnership=gov.partnership, role="viewer")
    return [gov.coordinator, gov.owner_user, viewer]


def test_dashboard_from_the_tally_matches_a_live_count_for_every_reader(gov):
    people = list(gov.people.values())
    hidden = PersonFactory(partnership=gov.partnership, initials="HP", visibility="restricted")
    bulk_actions(partnership=gov.partnership, group=gov.group, people=[*people, hidden], n=900)
    for reader in _readers(gov):
        got = _same(reader, gov.partnership)
        assert got["overdue_count"] and got["due_soon_count"]
    names = {c.name for c in selectors.dashboard(
        user=gov.owner_user, partnership=gov.partnership, today=TODAY)["by_owner"]}  # fmt: skip
    assert not [n for n in names if "(HP)" in n]  # a restricted owner is not shown to members


def test_a_partner_named_on_a_restricted_record_is_counted_live(gov):
    bulk_actions(partnership=gov.partnership, group=gov.group, people=list(gov.people.values()),
                 n=300)  # fmt: skip
    restricted = Action.objects.filter(visibility=Visibility.RESTRICTED).first()
    restricted.restricted_to.add(gov.people["JL"])
    assert tally.reader_tier(gov.owner_user, gov.partnership) is None
    _same(gov.owner_user, gov.partnership)


def test_the_tally_follows_changes_made_through_the_services(gov):
    on = dt.date(2011, 3, 1)  # after the second meeting (24 February 2011)
    action = services.action_create(
        meeting=gov.first, text="Write the plan", owners="JL", deadline="By next meeting"
    )
    first = selectors.dashboard(user=gov.coordinator, partnership=gov.partnership, today=on)
    assert first["open_count"] == 1 and first["overdue_count"] == 1
    built = ActionTallyState.objects.get(partnership=gov.partnership).version
    # The next meeting moves after `on`: the action is no longer overdue.
    meeting_services.meeting_update(meeting=gov.second, date=dt.date(2011, 4, 7))
    assert ActionTallyState.objects.get(partnership=gov.partnership).version == built
    moved = _same(gov.coordinator, gov.partnership, on)
    assert moved["overdue_count"] == 0 and moved["due_soon_count"] == 1
    # Done: no longer open.
    services.action_progress(action=action, text="", status=ActionStatus.DONE, on=on)
    assert _same(gov.coordinator, gov.partnership, on)["open_count"] == 0
    services.action_progress(action=action, text="", status=ActionStatus.OPEN, on=on)
    # The group becomes restricted: a member no longer counts it; the coordinator still does.
    partnership_services.group_update(group=gov.group, visibility=Visibility.RESTRICTED)
    assert _same(gov.owner_user, gov.partnership, on)["open_count"] == 0
    assert _same(gov.coordinator, gov.partnership, on)["open_count"] == 1
    # Its owner moves to another organisation.
    partnership_services.group_update(group=gov.group, visibility=Visibility.PARTNERS)
    partnership_services.person_update(person=gov.people["JL"], body=gov.people["RG"].body)
    by_body = _same(gov.coordinator, gov.partnership, on)["by_body"]
    assert [(c.name, c.open) for c in by_body] == [("Police", 1)]


def test_action_log_totals_from_the_tally_match_the_live_count(gov):
    people = list(gov.people.values())
    bulk_actions(partnership=gov.partnership, group=gov.group, people=people, n=400)
    anonymous = None
    for reader in [*_readers(gov), anonymous]:
        for filters in (
            selectors.ActionFilters(),
            selectors.ActionFilters(status=ActionStatus.OPEN, overdue=True),
            selectors.ActionFilters(group=gov.group, status=ActionStatus.DONE),
            selectors.ActionFilters(owner=gov.people["SR"]),
        ):
            counted = selectors.action_log_count(
                user=reader, partnership=gov.partnership, filters=filters, today=TODAY
            )
            live = filters.apply(
                selectors.actions_visible(user=reader, partnership=gov.partnership), today=TODAY
            ).count()
            assert counted == live, (reader, filters)
