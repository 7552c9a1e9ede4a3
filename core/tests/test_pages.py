"""The layout, error pages and British formats."""

import datetime as dt

import pytest
from django.test import override_settings

from core.formatting import date_gb, markdown_safe, money, number


def test_dates_are_written_the_british_way():
    assert date_gb(dt.date(2010, 11, 25)) == "25 November 2010"
    assert date_gb(dt.date(2011, 2, 4)) == "4 February 2011"
    assert date_gb(None, "not set") == "not set"


def test_police_uk_months_are_written_out():
    from core.formatting import month_gb

    assert month_gb("2010-11") == "November 2010"
    assert month_gb(None, "none") == "none"


def test_money_is_held_in_pence_and_shown_in_pounds():
    assert money(500_000) == "£5,000"
    assert money(1_800_000) == "£18,000"
    assert money(500_050) == "£5,000.50"
    assert money(-800_000) == "-£8,000"


def test_numbers_have_thousands_separators():
    assert number(31635) == "31,635"
    assert number(4.4166, 2) == "4.42"


def test_markdown_is_sanitised():
    html = markdown_safe("**Agreed**<script>alert(1)</script> [link](javascript:alert(1))")
    assert "<strong>Agreed</strong>" in html
    assert "<script>" not in html
    assert "javascript:" not in html


@pytest.mark.django_db
def test_layout_has_service_name_skip_link_phase_banner_and_ogl_credit(client):
    text = client.get("/").content.decode()
    assert "CSP Hub" in text
    assert 'href="#main-content"' in text
    assert "Beta" in text
    assert "Open Government Licence v3.0" in text
    assert "police.uk" in text
    assert "govuk-header__crown" not in text and "govuk-footer__crown" not in text
    assert "GDS Transport" not in text


@pytest.mark.django_db
def test_not_found_page_uses_the_service_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-template" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_page_uses_the_service_layout(client):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from core.views import error_500

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = error_500(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_uses_the_service_layout(world, client_for):
    response = client_for("viewer").get(f"/p/{world.slug}/people/new/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_loads_the_seed_register():
    from django.core.management import call_command

    from accounts.models import Role
    from partnership.models import Membership, Partnership, Person

    call_command("load_demo")
    counts = (Person.objects.count(), Membership.objects.count(), Role.objects.count())
    call_command("load_demo")
    assert (Person.objects.count(), Membership.objects.count(), Role.objects.count()) == counts
    smp = Partnership.objects.get(slug="safer-maidstone")
    assert smp.area_codes == ["E07000110"]
    initials = set(smp.people.values_list("initials", flat=True))
    present = {"MA", "DH", "ZC", "JL", "LS", "JAW", "TK", "SR"}
    apologies = {"NS", "RG", "PS", "JK", "JB", "ANH", "AH"}
    assert present | apologies <= initials
    chair = Membership.objects.get(group__name__startswith="Safer Maidstone", person__initials="MA")
    assert chair.role == "chair"
    # Seed 002 item 3: members present approved it; the LSP Board's approval is not recorded.
    assert chair.status == "proposed"
    assert chair.approved_by is None and chair.approved_on is None
    roles = dict(Role.objects.filter(partnership=smp).values_list("user__email", "role"))
    assert roles == {
        "coordinator@example.org": "coordinator",
        "member@example.org": "member",
        "viewer@example.org": "viewer",
    }
