"""The plan: yearly revision keeps earlier years, RAG status against target, and the chain."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plan.factories import MeasureFactory, ObjectiveFactory, PlanFactory, PriorityFactory
from plan.models import Objective, PlanStatus, Polarity, Rag, rag_for
from plan.services import (
    measure_create,
    measure_value_record,
    plan_agree,
    plan_create,
    plan_revise,
    priority_create,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "target", "polarity", "expected"),
    [
        (D(90), D(100), Polarity.DOWN, Rag.GREEN),
        (D(104), D(100), Polarity.DOWN, Rag.AMBER),
        (D(106), D(100), Polarity.DOWN, Rag.RED),
        (D(100), D(100), Polarity.UP, Rag.GREEN),
        (D(96), D(100), Polarity.UP, Rag.AMBER),
        (D(94), D(100), Polarity.UP, Rag.RED),
        (D(94), None, Polarity.UP, None),
    ],
)
def test_rag_status_depends_on_polarity_and_tolerance(value, target, polarity, expected):
    assert rag_for(value=value, target=target, polarity=polarity, tolerance_pct=D(5)) == expected


@pytest.mark.django_db
def test_revising_a_plan_starts_next_year_and_keeps_this_year_unchanged():
    plan = PlanFactory(year=2011)
    priority = PriorityFactory(partnership=plan.partnership)
    objective = ObjectiveFactory(plan=plan, title="Improve road safety")
    objective.priorities.add(priority)
    MeasureFactory(plan=plan, objective=objective, name="Road casualties")
    plan_agree(plan=plan, agreed_on=dt.date(2011, 4, 20))

    new = plan_revise(plan=plan)

    plan.refresh_from_db()
    assert (new.year, new.revised_from) == (2012, plan)
    assert plan.status == PlanStatus.SUPERSEDED
    assert list(plan.objectives.values_list("title", flat=True)) == ["Improve road safety"]
    copied = new.objectives.get()
    assert copied.pk != objective.pk and list(copied.priorities.all()) == [priority]
    assert new.measures.get().objective == copied
    with pytest.raises(ValidationError):
        plan_revise(plan=plan)


@pytest.mark.django_db
def test_one_plan_and_one_priority_name_per_year():
    plan = PlanFactory(year=2011)
    with pytest.raises(ValidationError):
        plan_create(partnership=plan.partnership, year=2011, title="Again")
    priority_create(partnership=plan.partnership, year=2011, name="Road safety")
    with pytest.raises(ValidationError):
        priority_create(partnership=plan.partnership, year=2011, name="road safety")
    assert priority_create(partnership=plan.partnership, year=2012, name="Road safety")


@pytest.mark.django_db
def test_measure_source_needs_a_category_or_a_supplier():
    plan = PlanFactory()
    fields = {
        "name": "ASB",
        "definition": "Incidents",
        "unit": "incidents",
        "polarity": Polarity.DOWN,
        "frequency": "quarterly",
    }
    with pytest.raises(ValidationError) as exc:
        measure_create(plan=plan, source="crime_store", **fields)
    assert "crime_category" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        measure_create(plan=plan, source="partner", **fields)
    assert "supplier" in exc.value.error_dict


@pytest.mark.django_db
def test_recording_a_period_twice_corrects_it():
    measure = MeasureFactory(target=100)
    start = dt.date(2010, 10, 1)
    measure_value_record(measure=measure, period_start=start, period_label="Q3", value=D(120))
    row = measure_value_record(
        measure=measure, period_start=start, period_label="Q3 2010/11", value=D(95)
    )
    assert measure.values.count() == 1
    assert (row.period_label, row.rag) == ("Q3 2010/11", Rag.GREEN)


@pytest.mark.django_db
def test_priority_page_shows_the_chain(world, client_for):
    p = world.partnership
    priority = PriorityFactory(partnership=p, name="Domestic abuse")
    priority.groups.add(world.groups["public"])
    plan = PlanFactory(partnership=p, year=2011)
    objective = ObjectiveFactory(
        plan=plan, title="Reduce violent crime", owner=world.bodies["public"]
    )
    objective.priorities.add(priority)
    measure = MeasureFactory(plan=plan, objective=objective, name="Repeat victims", target=20)
    measure_value_record(
        measure=measure, period_start=dt.date(2010, 10, 1), period_label="Q3 2010/11", value=D(30)
    )
    page = client_for("anonymous").get(f"/p/{p.slug}/plan/priorities/{priority.pk}/").content
    text = page.decode()
    for expected in ("Reduce violent crime", world.groups["public"].name, "Repeat victims", "Red"):
        assert expected in text
    assert Objective.objects.filter(priorities=priority).count() == 1


@pytest.mark.django_db
def test_coordinator_adds_an_objective_linked_to_a_priority(world, client_for):
    p = world.partnership
    plan = PlanFactory(partnership=p, year=2011)
    priority = PriorityFactory(partnership=p, year=2011, name="Road safety")
    response = client_for("coordinator").post(
        f"/p/{p.slug}/plan/{plan.pk}/objectives/new/",
        {
            "title": "Improve road safety",
            "owner": world.bodies["public"].pk,
            "short_term_target": "Fewer casualties than last year",
            "priorities": [priority.pk],
            "groups": [world.groups["public"].pk],
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    objective = plan.objectives.get()
    assert list(objective.priorities.all()) == [priority]
    assert list(objective.groups.all()) == [world.groups["public"]]
