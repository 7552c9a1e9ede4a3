"""Issue 10 "Forms": every form names its field in its errors, dates say which date, no
preselected group, restricted-to people revealed only for "Restricted", a measure's target
can be changed."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from core.forms import GovukDateField, GovukForm, GovukModelForm
from plan.factories import MeasureFactory, PlanFactory

APPS = ["accounts", "actions", "assessments", "crime", "engagement", "funding", "meetings"]
APPS += ["partnership", "plan", "core"]
# Django's own sign-in and password forms keep their base classes; their messages are set there.
DJANGO_AUTH = (AuthenticationForm, PasswordResetForm, SetPasswordForm)


def test_every_project_form_is_a_govuk_form():
    bypassing = []
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
                continue
            if issubclass(cls, (GovukForm, GovukModelForm, *DJANGO_AUTH)):
                continue
            bypassing.append(f"{app}.forms.{name}")
    assert bypassing == []


class _Dates(GovukForm):
    date = GovukDateField(label="Date of the meeting")
    ended_on = GovukDateField(required=False, label="End date (optional)")
    name = forms.CharField()


def test_errors_name_the_field_and_say_which_date_is_wrong():
    empty = _Dates({})
    assert empty.errors == {"date": ["Enter the date of the meeting"], "name": ["Enter the name"]}
    bad = _Dates(
        {
            "date_day": "31",
            "date_month": "2",
            "date_year": "2010",
            "ended_on_day": "3",
            "name": "x",
        }
    )
    assert bad.errors == {
        "date": ["The date of the meeting must be a real date"],
        "ended_on": ["The end date must include a day, month and year"],
    }


def test_schedule_a_meeting_preselects_no_group_unless_asked(world, client_for):
    url = f"/p/{world.partnership.slug}/meetings/new/"
    c = client_for("coordinator")
    body = c.get(url).content.decode()
    assert "Choose a group" in body
    assert "selected" not in body.split('name="group"')[1].split("</select>")[0]
    group = world.groups["public"]
    asked = c.get(f"{url}?group={group.pk}").content.decode()
    assert f'value="{group.pk}" selected' in asked
    refused = c.post(url, {"visibility": "public", "status": "scheduled"}).content.decode()
    assert "Select the group" in refused and "Enter the date of the meeting" in refused


def test_restricted_to_people_are_revealed_only_under_restricted(world, client_for):
    url = f"/p/{world.partnership.slug}/meetings/new/"
    body = client_for("coordinator").get(url).content.decode()
    # One list of people, inside the visibility block that the CSS hides unless "Restricted"
    # is checked (main.scss: .csp-visibility:has(...)); no aria-expanded on a radio.
    assert body.count('name="restricted_to"') == len(world.partnership.people.all())
    block = body.split('<div class="csp-visibility">')[1]
    radios, restricted = block.split('id="id_visibility-restricted"')
    assert 'value="restricted"' in radios and 'name="restricted_to"' not in radios
    assert 'name="restricted_to"' in restricted
    assert "data-aria-controls" not in radios


@pytest.mark.django_db
def test_a_measures_target_can_be_changed(world, client_for):
    plan = PlanFactory(partnership=world.partnership, year=2011)
    measure = MeasureFactory(plan=plan, name="Repeat victims", target=20, unit="victims")
    url = f"/p/{world.partnership.slug}/plan/measures/{measure.pk}/edit/"
    c = client_for("coordinator")
    page = c.get(url).content.decode()
    assert 'value="20' in page and "Repeat victims" in page
    data = {
        "name": measure.name,
        "definition": measure.definition or "Victims counted again",
        "unit": measure.unit,
        "polarity": measure.polarity,
        "frequency": measure.frequency,
        "source": measure.source,
        "crime_category": measure.crime_category,
        "supplier": measure.supplier_id or "",
        "target": "15",
        "tolerance_pct": "5",
        "visibility": measure.visibility,
    }
    response = c.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure.refresh_from_db()
    assert measure.target == Decimal("15")
