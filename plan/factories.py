"""factory_boy factories for the partnership plan."""

import factory

from core.models import Visibility
from partnership.factories import PartnershipFactory
from plan.models import Frequency, Measure, MeasureSource, Objective, Plan, Polarity, Priority


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2011
    name = factory.Sequence(lambda n: f"Priority {n}")
    rationale = "Evidence from the strategic assessment."
    visibility = Visibility.PUBLIC


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    partnership = factory.SubFactory(PartnershipFactory)
    year = factory.Sequence(lambda n: 2000 + n)
    title = "Community safety plan"
    visibility = Visibility.PUBLIC


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    visibility = Visibility.PUBLIC


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    definition = "Recorded offences in the borough."
    unit = "offences"
    polarity = Polarity.DOWN
    frequency = Frequency.QUARTERLY
    source = MeasureSource.CRIME_STORE
    crime_category = "anti-social-behaviour"
    target = 100
    visibility = Visibility.PUBLIC
