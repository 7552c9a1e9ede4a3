"""The landing page after sign-in and the partnership home page, per role."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from accounts.factories import RoleFactory, UserFactory
from actions import services as action_services
from funding.factories import FundingRequestFactory, PotFactory
from meetings import services as meeting_services
from partnership.factories import PartnershipFactory


def _signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_sign_in_lands_on_the_only_partnership_a_choice_for_several_the_list_for_none(world):
    member = world.users["member"]
    response = _signed_in(member).get(reverse("home:start"))
    assert response.url == reverse("home:partnership_home", kwargs={"slug": world.slug})
    other = PartnershipFactory(name="Another Community Safety Partnership")
    RoleFactory(user=member, partnership=other, role="viewer")
    page = _signed_in(member).get(reverse("home:start")).content.decode()
    assert "Choose a partnership" in page and "Another Community Safety Partnership" in page
    nobody = UserFactory(email="nobody@example.org")
    assert _signed_in(nobody).get(reverse("home:start")).url == reverse("home")


def test_the_coordinator_sees_their_overdue_actions_minutes_awaiting_approval_and_money_left(
    world,
):
    p = world.partnership
    coordinator = world.users["coordinator"]
    person = world.member_person
    person.user = coordinator  # the coordinator owns actions too
    person.save()
    meeting = meeting_services.meeting_create(
        partnership=p, group=world.groups["public"], date=dt.date(2010, 11, 25)
    )
    item = meeting_services.item_create(meeting=meeting, number="1", title="Reports")
    action_services.action_create(
        meeting=meeting,
        item=item,
        text="Chase the late report",
        owners=person.initials,
        deadline="1 Dec 2010",
    )
    meeting_services.minutes_circulate(meeting=meeting)
    pot = PotFactory(partnership=p, name="Under-spend pot", year=2010, amount_pence=1_800_000)
    FundingRequestFactory(pot=pot, amount_pence=1_000_000, status="approved")
    page = (
        _signed_in(coordinator)
        .get(reverse("home:partnership_home", kwargs={"slug": p.slug}))
        .content.decode()
    )
    assert "Chase the late report" in page
    assert "Minutes awaiting approval" in page and "25 November 2010" in page
    assert "Under-spend pot" in page and "£8,000" in page  # £18,000 less £10,000 committed
    # A viewer sees neither the coordinator's sections nor the money.
    viewer_page = (
        _signed_in(world.users["viewer"])
        .get(reverse("home:partnership_home", kwargs={"slug": p.slug}))
        .content.decode()
    )
    assert "Money left" not in viewer_page and "Minutes awaiting approval" not in viewer_page
    assert "Recently published minutes" in viewer_page
