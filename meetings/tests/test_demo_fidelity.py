"""The demo says what the seeds say and no more (issue 10, "Demo fidelity").

Each test names the seed sentence it holds the demo to; docs/demo-data.md lists them all.
"""

import datetime as dt

import pytest

from actions.models import Action
from meetings import selectors
from meetings.demo import NOV_25
from meetings.models import Decision, Meeting
from partnership.demo import DELIVERY_GROUP, LSP_BOARD, TASK_AND_FINISH
from partnership.models import Group, Membership, MembershipStatus

pytestmark = pytest.mark.django_db


def _nov(demo) -> Meeting:
    return Meeting.objects.get(partnership=demo, date=NOV_25)


def test_25_november_has_exactly_the_21_actions_of_the_seed(demo):
    from engagement.demo import load as load_engagement
    from plan.demo import load as load_plan

    load_plan(demo)
    load_engagement(demo)  # the stakeholder event's follow-ups raise no actions of their own
    nov = _nov(demo)
    assert Action.objects.filter(meeting=nov).count() == 21
    assert list(
        Action.objects.filter(meeting=nov, item__number="8.2").values_list("text", flat=True)
    ) == ["Research options for an online domestic abuse network."]


def test_no_membership_is_approved_because_the_seed_records_no_approval(demo):
    # Item 3: "Members present approved the final membership. MA will present the proposals to
    # the LSP Board on 15 December for their formal approval."
    memberships = Membership.objects.filter(group__partnership=demo)
    assert memberships.exists()
    assert not memberships.filter(status=MembershipStatus.APPROVED).exists()
    assert not memberships.filter(approved_on=dt.date(2010, 12, 15)).exists()
    # "The group agreed for invitations to be extended to both": invited, not members yet.
    for initials in ("LB", "PA"):
        m = memberships.get(group__name=DELIVERY_GROUP, person__initials=initials)
        assert m.status == MembershipStatus.PROPOSED and "Invitation agreed" in m.notes
    # ZC reports to the Board in item 4 but the seeds never make her a member of it.
    assert not memberships.filter(group__name=LSP_BOARD, person__initials="ZC").exists()


def test_the_attendance_lines_keep_each_organisation_as_the_seed_lists_it(demo):
    from django.contrib.auth.models import AnonymousUser

    # Every demo attendee is public, so the public's minutes name them all.
    doc = selectors.minutes_document(user=AnonymousUser(), meeting=_nov(demo))
    roles = {name: role for name, role, _ in doc.present + doc.apologies}
    assert roles["Martin Adams"] == "Chair, Borough Commander, KFRS"
    assert roles["Tracey Kadir"] == "Asst. Chief Officer, Courts & Mid Kent Probation Services"
    assert roles["Robbie Graham"] == "Inspector, Kent Police"
    assert roles["Lisa Smith"] == "Community Safety Manager, Golding Homes"
    assert roles["Juliet Knott"] == "Golding Homes"
    assert roles["Annette Hinton"] == "Maidstone Mediation"
    assert roles["Andy Hudson"] == "Governor, Maidstone Prison"
    assert roles["Jackie Bradley"] == "Sergeant, Kent Police"
    # Item 8.4 gives reasons ("meeting clashes – one on holiday") but not whose.
    assert all(reason == "" for _, _, reason in doc.apologies)
    assert doc.heading[:2] == ["MINUTES OF THE", "LOCAL STRATEGIC PARTNERSHIP"]


def test_the_meeting_page_lists_attendees_with_their_organisations(demo, client):
    from django.urls import reverse

    page = client.get(
        reverse("meetings:meeting_detail", kwargs={"slug": demo.slug, "pk": _nov(demo).pk})
    ).content.decode()
    for line in (
        "Martin Adams (MA) – Chair, Borough Commander, KFRS",
        "Robbie Graham (RG) – Inspector, Kent Police",
        "Juliet Knott (JK) – Golding Homes",
        "Annette Hinton (ANH) – Maidstone Mediation",
    ):
        assert line in page


def test_the_decisions_register_has_the_agreements_of_items_3_5_6_7_2_and_8_1(demo):
    numbers = {
        d.item.number for d in Decision.objects.filter(partnership=demo, item__meeting__date=NOV_25)
    }
    assert {"3", "5", "6", "7.2", "8.1"} <= numbers
    assert Decision.objects.filter(item__number="8.1").count() == 4


def test_the_task_and_finish_group_has_no_invented_dates(demo):
    # Item 6: "Following the recommendation of the September delivery group meeting, a task and
    # finish group has been established" and "had met prior to the SMP meeting": it started
    # before 25 November, on a day the seeds do not give; it runs "until the assessment's
    # completion in March 2011", again with no day.
    group = Group.objects.get(partnership=demo, name=TASK_AND_FINISH)
    assert group.start_date is None and group.end_date is None
    assert "after the delivery group's September 2010 meeting" in group.purpose


def test_loading_the_demo_twice_changes_nothing(demo):
    from meetings.demo import load

    before = (Decision.objects.count(), Membership.objects.count(), Action.objects.count())
    load(demo)
    assert (Decision.objects.count(), Membership.objects.count(), Action.objects.count()) == before
    # Item 1: "Partners agreed the change" to the 2 September minutes; it survives a reload.
    sep = Meeting.objects.get(partnership=demo, date=dt.date(2010, 9, 2))
    assert sep.items.get(number="5").minutes.startswith("AH acknowledged that partners do")
