"""accounts/permissions.py through its public functions: each level, each visibility, the caches.

Written to kill the mutants that the mutation run (`make mutation`, docs/testing.md) found
surviving: a viewer must keep partner access (`>=` not `>`), and every branch of the
visibility rules is pinned by a reader who would see the difference.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.factories import UserFactory
from accounts.models import Role, RoleName
from accounts.permissions import (
    Access,
    access_level,
    can_view,
    is_coordinator,
    is_partner,
    partnership_view,
    person_of,
    require_visible,
    visible_q,
)
from core.models import Visibility
from partnership.factories import PersonFactory
from partnership.models import Body, Membership

PUBLIC, PARTNERS, RESTRICTED = Visibility.PUBLIC, Visibility.PARTNERS, Visibility.RESTRICTED


def _user(world, role):
    return world.users[role] if world.users[role] is not None else AnonymousUser()


# access_level ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "level"),
    [
        ("anonymous", Access.PUBLIC),
        ("viewer", Access.VIEWER),
        ("member", Access.MEMBER),
        ("coordinator", Access.COORDINATOR),
        ("other_coordinator", Access.PUBLIC),
    ],
)
def test_each_role_has_its_own_level_of_access_to_partnership_a(world, role, level):
    assert access_level(_user(world, role), world.partnership) is level


def test_no_user_or_no_partnership_means_public_access(world):
    assert access_level(None, world.partnership) is Access.PUBLIC
    assert access_level(world.users["coordinator"], None) is Access.PUBLIC


def test_a_superuser_without_a_role_is_a_coordinator_everywhere(world):
    admin = UserFactory(email="admin@example.org", is_superuser=True)
    assert access_level(admin, world.partnership) is Access.COORDINATOR
    assert access_level(admin, world.other) is Access.COORDINATOR
    assert is_coordinator(admin, world.other)


def test_access_is_cached_per_partnership_for_the_request(world, django_assert_num_queries):
    viewer = world.users["viewer"]
    with django_assert_num_queries(1):
        assert access_level(viewer, world.partnership) is Access.VIEWER
        assert access_level(viewer, world.partnership) is Access.VIEWER
    # the cached answer is the one for partnership A only: B is asked separately
    with django_assert_num_queries(1):
        assert access_level(viewer, world.other) is Access.PUBLIC
    Role.objects.filter(user=viewer).update(role=RoleName.COORDINATOR)
    assert access_level(viewer, world.partnership) is Access.VIEWER  # same request, same answer


def test_levels_are_ordered_so_that_higher_includes_lower():
    assert Access.PUBLIC < Access.VIEWER < Access.MEMBER < Access.COORDINATOR
    assert [int(a) for a in Access] == [0, 1, 2, 3]


# is_partner / is_coordinator -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "partner", "coordinator"),
    [
        ("anonymous", False, False),
        ("viewer", True, False),
        ("member", True, False),
        ("coordinator", True, True),
        ("other_coordinator", False, False),
    ],
)
def test_anyone_with_a_role_is_a_partner_and_only_coordinators_coordinate(
    world, role, partner, coordinator
):
    user = _user(world, role)
    assert is_partner(user, world.partnership) is partner
    assert is_coordinator(user, world.partnership) is coordinator


def test_a_viewer_is_a_partner_so_reads_partners_only_records(world):
    viewer = world.users["viewer"]
    assert is_partner(viewer, world.partnership)
    assert can_view(viewer, world.bodies[PARTNERS], world.partnership)
    visible = set(Body.objects.filter(visible_q(viewer, world.partnership)))
    assert world.bodies[PARTNERS] in visible


# person_of ------------------------------------------------------------------------------------


def test_person_of_is_the_users_person_in_that_partnership_only(world, django_assert_num_queries):
    member = world.users["member"]
    assert person_of(None, world.partnership) is None
    assert person_of(AnonymousUser(), world.partnership) is None
    with django_assert_num_queries(1):
        assert person_of(member, world.partnership) == world.member_person
        assert person_of(member, world.partnership) == world.member_person
    assert person_of(member, world.other) is None
    assert person_of(world.users["viewer"], world.partnership) is None


def test_person_of_in_partnership_b_is_b_s_person(world):
    member = world.users["member"]
    b_person = PersonFactory(partnership=world.other, name="Member in B", user=member)
    assert person_of(member, world.other) == b_person
    assert person_of(member, world.partnership) == world.member_person


# visible_q and can_view agree, record by record -----------------------------------------------

EXPECTED = {
    # who: the bodies (by visibility) they may read in partnership A
    "anonymous": {PUBLIC},
    "viewer": {PUBLIC, PARTNERS},  # the restricted body names the member, not the viewer
    "member": {PUBLIC, PARTNERS, RESTRICTED},
    "coordinator": {PUBLIC, PARTNERS, RESTRICTED},
    "other_coordinator": {PUBLIC},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_visible_q_and_can_view_give_each_role_its_records(world, role):
    user = _user(world, role)
    expected = {world.bodies[v] for v in EXPECTED[role]}
    assert set(Body.objects.filter(visible_q(user, world.partnership))) == expected
    for vis, body in world.bodies.items():
        assert can_view(user, body, world.partnership) is (vis in EXPECTED[role]), vis


def test_a_restricted_record_is_hidden_from_a_member_it_does_not_name(world):
    body = world.bodies[RESTRICTED]
    body.restricted_to.clear()
    member = world.users["member"]
    assert not can_view(member, body, world.partnership)
    assert body not in Body.objects.filter(visible_q(member, world.partnership))
    assert can_view(world.users["coordinator"], body, world.partnership)
    assert body in Body.objects.filter(visible_q(world.users["coordinator"], world.partnership))


def test_a_partner_without_a_person_sees_no_restricted_record(world):
    viewer = world.users["viewer"]
    assert person_of(viewer, world.partnership) is None
    assert not can_view(viewer, world.bodies[RESTRICTED], world.partnership)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_visible_q_with_a_prefix_filters_by_the_related_record(world, role):
    """Memberships filtered by their person's visibility ("person__"), one per visibility."""
    user = _user(world, role)
    group = world.groups[PUBLIC]
    people = {vis: world.people[vis] for vis in Visibility.values}
    memberships = {
        vis: Membership.objects.create(group=group, person=p, visibility=PUBLIC)
        for vis, p in people.items()
    }
    found = set(
        Membership.objects.filter(pk__in=[m.pk for m in memberships.values()]).filter(
            visible_q(user, world.partnership, "person__")
        )
    )
    assert found == {memberships[v] for v in EXPECTED[role]}


def test_require_visible_returns_the_record_or_hides_it_with_404(world):
    viewer = world.users["viewer"]
    body = world.bodies[PARTNERS]
    assert require_visible(viewer, body, world.partnership) is body
    with pytest.raises(Http404):
        require_visible(viewer, world.bodies[RESTRICTED], world.partnership)
    with pytest.raises(Http404):
        require_visible(AnonymousUser(), body, world.partnership)


# partnership_view -----------------------------------------------------------------------------


def _view(access=None):
    seen = {}

    def view(request, partnership, extra=None):
        seen.update(partnership=partnership, extra=extra, on_request=request.partnership)
        return HttpResponse("ok")

    decorated = partnership_view(access)(view) if access is not None else partnership_view()(view)
    return decorated, seen


def _request(user):
    request = RequestFactory().get("/p/partnership-a/thing/?x=1")
    request.user = user
    return request


def test_partnership_view_loads_the_partnership_for_a_reader_with_enough_access(world):
    view, seen = _view(Access.VIEWER)
    response = view(_request(world.users["viewer"]), world.slug, extra="kept")
    assert response.status_code == 200
    assert seen == {
        "partnership": world.partnership,
        "extra": "kept",
        "on_request": world.partnership,
    }
    assert view.required_access is Access.VIEWER
    assert view.__name__ == "view"


def test_partnership_view_sends_the_anonymous_to_sign_in_and_refuses_the_signed_in(world):
    view, seen = _view(Access.MEMBER)
    response = view(_request(AnonymousUser()), world.slug)
    assert response.status_code == 302
    assert "next=/p/partnership-a/thing/%3Fx%3D1" in response["Location"]
    with pytest.raises(PermissionDenied, match="You do not have access to this page."):
        view(_request(world.users["viewer"]), world.slug)
    assert seen == {}
    assert view(_request(world.users["member"]), world.slug).status_code == 200


def test_partnership_view_is_public_by_default_and_404s_for_an_unknown_slug(world):
    view, seen = _view()
    assert view.required_access is Access.PUBLIC
    assert view(_request(AnonymousUser()), world.slug).status_code == 200
    with pytest.raises(Http404):
        view(_request(AnonymousUser()), "no-such-partnership")


def test_a_role_in_b_only_gives_b_access(world):
    other = world.users["other_coordinator"]
    assert is_coordinator(other, world.other)
    assert not is_partner(other, world.partnership)
