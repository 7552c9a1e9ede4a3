"""A visible record never names a hidden one it points to (issue 9, "visibility through references").

One test per leak class found: each opens the public referrer's page or export as a role that
may not see the canary it points to, and checks the canary's name is absent and a neutral
phrase stands in; the coordinator, who may see everything, still gets the real name.
"""

import pytest
from django.urls import reverse

from assessments.factories import AssessmentFactory, PartnerMeasureValueFactory
from assessments.services import measures_for_assessment
from core.models import Visibility
from core.testing.canaries import build_canaries, canary_name, response_text

R, P = Visibility.RESTRICTED, Visibility.PARTNERS


@pytest.fixture
def canaries(world):
    return build_canaries(world)


def _text(client, name, **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.status_code
    return response_text(response)


def _ref(canaries, vis, kind):
    return canaries["referrers"][vis][kind].pk


def test_public_person_page_list_and_export_do_not_name_a_restricted_body(
    world, canaries, client_for
):
    slug = world.slug
    for role in ("anonymous", "viewer", "member"):
        c = client_for(role)
        page = _text(c, "partnership:person_detail", slug=slug, pk=_ref(canaries, R, "person"))
        assert canary_name(R, "body") not in page
        assert "a restricted organisation" in page
        for name in ("partnership:person_list", "partnership:person_export"):
            assert canary_name(R, "body") not in _text(c, name, slug=slug)
    coordinator = client_for("coordinator")
    assert canary_name(R, "body") in _text(
        coordinator, "partnership:person_export", slug=world.slug
    )


def test_public_pot_request_and_funding_exports_do_not_name_a_hidden_body_or_priority(
    world, canaries, client_for
):
    slug = world.slug
    for role, vis in (("anonymous", P), ("member", R)):
        c = client_for(role)
        pot = _text(c, "funding:pot_detail", slug=slug, pk=_ref(canaries, vis, "pot"))
        assert canary_name(vis, "body") not in pot
        assert "from a restricted body" in pot
        request = _text(c, "funding:request_detail", slug=slug, pk=_ref(canaries, vis, "request"))
        assert canary_name(vis, "body") not in request
        assert canary_name(vis, "priority") not in request
        assert "a restricted priority" in request
        for export in ("funding:export_csv", "funding:export_xlsx"):
            text = _text(c, export, slug=slug)
            assert canary_name(vis, "body") not in text
            assert canary_name(vis, "priority") not in text
    coordinator = _text(client_for("coordinator"), "funding:export_xlsx", slug=slug)
    assert canary_name(R, "body") in coordinator
    assert canary_name(R, "priority") in coordinator


def test_public_objective_and_measure_do_not_name_a_hidden_body_priority_or_objective(
    world, canaries, client_for
):
    slug = world.slug
    c = client_for("viewer")
    plan = _text(c, "plan:plan_detail", slug=slug, pk=canaries["plan"].pk)
    measure = _text(c, "plan:measure_detail", slug=slug, pk=_ref(canaries, R, "measure"))
    for kind in ("body", "priority", "group"):
        assert canary_name(R, kind) not in plan
    for kind in ("body", "priority", "objective"):
        assert canary_name(R, kind) not in measure
    assert "a restricted priority" in measure
    assert "a restricted objective" in measure
    assert canary_name(P, "body") in plan  # a viewer may see partners-only records


def test_public_group_and_decision_do_not_name_a_hidden_group(world, canaries, client_for):
    slug = world.slug
    c = client_for("anonymous")
    group = _text(c, "partnership:group_detail", slug=slug, pk=_ref(canaries, P, "group"))
    assert canary_name(P, "group") not in group
    assert "a restricted group" in group
    assert canary_name(P, "group") not in _text(c, "partnership:group_list", slug=slug)
    decision = _text(c, "meetings:decision_detail", slug=slug, pk=_ref(canaries, P, "decision"))
    assert canary_name(P, "group") not in decision
    assert "a restricted group" in decision
    assert canary_name(P, "group") not in _text(c, "meetings:decision_list", slug=slug)


def test_public_public_meeting_does_not_name_a_hidden_attendee_or_authority(
    world, canaries, client_for
):
    slug = world.slug
    c = client_for("member")
    page = _text(
        c, "engagement:public_meeting_detail", slug=slug, pk=_ref(canaries, R, "public-meeting")
    )
    assert canary_name(R, "person") not in page
    assert canary_name(R, "body") not in page
    assert canary_name(R, "body") not in _text(c, "engagement:public_meeting_list", slug=slug)
    coordinator = _text(
        client_for("coordinator"),
        "engagement:public_meeting_detail",
        slug=slug,
        pk=_ref(canaries, R, "public-meeting"),
    )
    assert canary_name(R, "person") in coordinator


def test_member_does_not_see_a_restricted_priority_on_public_events_and_requests(
    world, canaries, client_for
):
    slug = world.slug
    c = client_for("member")
    event = _text(c, "engagement:event_detail", slug=slug, pk=_ref(canaries, R, "event"))
    assert canary_name(R, "priority") not in event
    assert canary_name(R, "objective") not in event  # the finding's follow-up objective
    assert canary_name(R, "priority") not in _text(c, "engagement:event_list", slug=slug)
    request = _text(c, "funding:request_detail", slug=slug, pk=_ref(canaries, R, "request"))
    assert canary_name(R, "priority") not in request


def test_restricted_choices_on_a_members_form_name_only_people_the_member_may_see(
    world, canaries, client_for
):
    page = _text(client_for("member"), "assessments:create", slug=world.slug)
    assert canary_name(R, "person") not in page
    assert world.member_person.name in page


def test_public_funding_totals_count_only_requests_the_reader_may_see(world, canaries, client_for):
    # The referrer pot: £50,000 allocated; £9,371 approved partners-only, £9,371 restricted.
    slug = world.slug
    pot = canaries["pot"].pk
    anonymous = _text(client_for("anonymous"), "funding:pot_detail", slug=slug, pk=pot)
    assert "£18,742" not in anonymous and "£9,371" not in anonymous
    assert "£31,258" not in anonymous  # the uncommitted money would reveal the hidden total
    assert "some requests are not visible to you" in anonymous
    viewer = _text(client_for("viewer"), "funding:pot_detail", slug=slug, pk=pot)
    assert "£9,371" in viewer and "£18,742" not in viewer
    listing = _text(client_for("anonymous"), "funding:pot_list", slug=slug)
    assert "£18,742" not in listing and "£31,258" not in listing
    export = _text(client_for("anonymous"), "funding:export_csv", slug=slug)
    assert "1874200" not in export and "3125800" not in export
    coordinator = _text(client_for("coordinator"), "funding:pot_detail", slug=slug, pk=pot)
    assert "£18,742" in coordinator and "£31,258" in coordinator


@pytest.mark.parametrize(
    ("assessment_vis", "expected"),
    [
        ("public", {"Public measure"}),
        ("partners", {"Public measure", "Partners measure"}),
        # Restricted to the member: the measure naming the member too, not one only
        # coordinators may read, nor one naming someone else.
        ("restricted", {"Public measure", "Partners measure", "Member's measure"}),
    ],
)
def test_an_assessment_uses_only_measures_its_readers_may_all_see(world, assessment_vis, expected):
    from assessments.factories import PartnerMeasureFactory

    p = world.partnership
    readers = {
        "Public measure": ("public", None),
        "Partners measure": ("partners", None),
        "Coordinators' measure": ("restricted", None),
        "Member's measure": ("restricted", world.member_person),
        "Someone else's measure": ("restricted", world.people["public"]),
    }
    for name, (vis, person) in readers.items():
        m = PartnerMeasureFactory(partnership=p, name=name, visibility=vis)
        PartnerMeasureValueFactory(measure=m, period="2010-01", value=3)
        if person is not None:
            m.restricted_to.add(person)
    assessment = AssessmentFactory(partnership=p, visibility=assessment_vis)
    if assessment_vis == "restricted":
        assessment.restricted_to.add(world.member_person)
    assert {m["name"] for m in measures_for_assessment(assessment=assessment)} == expected


def test_a_restricted_assessment_naming_no_one_uses_every_measure(world):
    from assessments.factories import PartnerMeasureFactory

    PartnerMeasureFactory(partnership=world.partnership, name="Hidden", visibility="restricted")
    assessment = AssessmentFactory(partnership=world.partnership, visibility="restricted")
    assert [m["name"] for m in measures_for_assessment(assessment=assessment)] == ["Hidden"]
