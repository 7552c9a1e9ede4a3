"""The partnership register: services keep it consistent and coordinators manage it in pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership import services
from partnership.factories import GroupFactory, PartnershipFactory, PersonFactory
from partnership.models import Body, Group, GroupKind, Membership, Person


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


def test_initials_are_unique_in_a_partnership_whatever_their_case(partnership):
    PersonFactory(partnership=partnership, initials="MA")
    with pytest.raises(ValidationError):
        services.person_create(partnership=partnership, name="Mark Allen", initials="ma")


def test_the_same_initials_may_be_used_in_another_partnership(partnership):
    PersonFactory(partnership=partnership, initials="MA")
    other = PartnershipFactory()
    services.person_create(partnership=other, name="Mark Allen", initials="MA")


def test_all_is_reserved_for_everyone_present(partnership):
    with pytest.raises(ValidationError, match="reserved"):
        services.person_create(partnership=partnership, name="Al Lewis", initials="ALL")


def test_area_codes_must_be_local_authority_codes(db):
    with pytest.raises(ValidationError):
        services.partnership_create(name="Nowhere", area_codes=["Maidstone"])
    p = services.partnership_create(
        name="Safer Maidstone", short_name="SMP", area_codes=["e07000110"]
    )
    assert p.area_codes == ["E07000110"] and p.slug == "smp"


def test_a_task_and_finish_group_needs_an_end_date(partnership):
    with pytest.raises(ValidationError, match="end date"):
        services.group_create(
            partnership=partnership, name="SA task and finish", kind=GroupKind.TASK_AND_FINISH
        )


def test_membership_goes_from_proposed_to_approved_to_ended_with_history(partnership):
    delivery = GroupFactory(partnership=partnership, name="Delivery group")
    board = GroupFactory(partnership=partnership, name="LSP Board", kind=GroupKind.BOARD)
    person = PersonFactory(partnership=partnership)
    m = services.membership_propose(group=delivery, person=person, role="member")
    assert m.status == "proposed"
    services.membership_approve(membership=m, approved_by=board, approved_on=dt.date(2010, 12, 15))
    assert (m.status, m.approved_by, m.start_date) == ("approved", board, dt.date(2010, 12, 15))
    services.membership_end(membership=m, end_date=dt.date(2012, 3, 31))
    assert m.status == "ended"
    statuses = [h.status for h in m.history.order_by("history_date", "history_id")]
    assert statuses == ["proposed", "approved", "ended"]


def test_an_ended_membership_cannot_be_approved(partnership):
    group = GroupFactory(partnership=partnership)
    m = services.membership_propose(
        group=group, person=PersonFactory(partnership=partnership), role="member"
    )
    services.membership_end(membership=m, end_date=dt.date(2011, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_approve(
            membership=m, approved_by=group, approved_on=dt.date(2011, 2, 1)
        )


def test_a_person_cannot_join_another_partnerships_group(partnership):
    group = GroupFactory(partnership=partnership)
    outsider = PersonFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError):
        services.membership_propose(group=group, person=outsider, role="member")


def test_coordinator_adds_a_body_after_fixing_errors(world, client_for):
    client = client_for("coordinator")
    url = reverse("partnership:body_create", kwargs={"slug": world.slug})
    bad = client.post(url, {"name": "", "body_type": "police", "visibility": "public"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "There is a problem" in text and 'href="#id_name"' in text
    good = client.post(url, {"name": "Kent Police", "body_type": "police", "visibility": "public"})
    assert good.status_code == 302
    assert Body.objects.get(
        partnership=world.partnership, name="Kent Police"
    ).is_responsible_authority


def test_coordinator_cannot_reuse_initials_in_the_form(world, client_for):
    url = reverse("partnership:person_create", kwargs={"slug": world.slug})
    response = client_for("coordinator").post(
        url,
        {
            "name": "Another",
            "initials": "mp",
            "visibility": "partners",
        },
    )
    assert response.status_code == 400
    assert "Member Person already uses the initials mp" in response.content.decode()


def test_coordinator_creates_a_task_and_finish_group_with_dates(world, client_for):
    url = reverse("partnership:group_create", kwargs={"slug": world.slug})
    data = {
        "name": "SA T&F",
        "kind": "task_and_finish",
        "visibility": "public",
        "end_date_day": "31",
        "end_date_month": "3",
        "end_date_year": "2011",
    }
    response = client_for("coordinator").post(url, data)
    assert response.status_code == 302
    assert Group.objects.get(name="SA T&F").end_date == dt.date(2011, 3, 31)


def test_an_impossible_date_is_refused_with_a_clear_message(world, client_for):
    url = reverse("partnership:group_create", kwargs={"slug": world.slug})
    data = {
        "name": "SA T&F",
        "kind": "task_and_finish",
        "visibility": "public",
        "end_date_day": "31",
        "end_date_month": "2",
        "end_date_year": "2011",
    }
    response = client_for("coordinator").post(url, data)
    assert response.status_code == 400
    assert "The end date must be a real date" in response.content.decode()


def test_coordinator_proposes_and_approves_a_member(world, client_for):
    client = client_for("coordinator")
    group = world.groups["public"]
    person = world.people["partners"]
    url = reverse("partnership:membership_create", kwargs={"slug": world.slug, "pk": group.pk})
    assert (
        client.post(
            url, {"person": person.pk, "role": "adviser", "visibility": "public"}
        ).status_code
        == 302
    )
    m = Membership.objects.get(group=group, person=person, role="adviser")
    url = reverse("partnership:membership_approve", kwargs={"slug": world.slug, "pk": m.pk})
    response = client.post(
        url,
        {
            "approved_by": group.pk,
            "approved_on_day": "15",
            "approved_on_month": "12",
            "approved_on_year": "2010",
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "approved" and m.approved_on == dt.date(2010, 12, 15)
    history = client.get(reverse("partnership:membership_history", kwargs={"slug": world.slug}))
    assert "15 December 2010" in history.content.decode()


def test_viewer_and_member_see_no_edit_links(world, client_for):
    for role in ("viewer", "member"):
        text = (
            client_for(role)
            .get(reverse("partnership:person_list", kwargs={"slug": world.slug}))
            .content.decode()
        )
        assert "Add a person" not in text
        assert world.people["public"].email in text


def test_the_public_never_sees_email_addresses(world, client_for):
    text = (
        client_for("anonymous")
        .get(
            reverse(
                "partnership:person_detail",
                kwargs={"slug": world.slug, "pk": world.people["public"].pk},
            )
        )
        .content.decode()
    )
    assert world.people["public"].name in text
    assert world.people["public"].email not in text


def test_a_person_record_is_not_offered_in_another_partnership(world, client_for):
    url = reverse(
        "partnership:person_detail",
        kwargs={"slug": world.other.slug, "pk": world.people["public"].pk},
    )
    assert client_for("coordinator").get(url).status_code == 404
    assert Person.objects.filter(pk=world.people["public"].pk).exists()


def test_errors_name_the_field_in_plain_english(world, client_for):
    client = client_for("coordinator")
    url = reverse("partnership:body_create", kwargs={"slug": world.slug})
    text = client.post(url, {"website": "not a website"}).content.decode()
    assert "Enter the name of the body" in text
    assert "Select the type of body" in text
    assert "Enter a web address in the correct format" in text
    assert "This field is required" not in text
    m = world.memberships["public"]
    url = reverse("partnership:membership_approve", kwargs={"slug": world.slug, "pk": m.pk})
    text = client.post(url, {"approved_by": world.groups["public"].pk}).content.decode()
    assert "Enter the date approved" in text
