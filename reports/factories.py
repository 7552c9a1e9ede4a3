"""factory_boy factories for reports."""

import datetime as dt

import factory

from core.models import Visibility
from partnership.factories import PartnershipFactory
from reports.models import Committee, Question, ScrutinySession, SessionType


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Crime and Disorder Committee {n}")
    council = "Borough Council"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScrutinySession

    partnership = factory.SubFactory(PartnershipFactory)
    committee = factory.SubFactory(
        CommitteeFactory, partnership=factory.SelfAttribute("..partnership")
    )
    date = factory.Sequence(lambda n: dt.date(2011, 1, 1) + dt.timedelta(days=n))
    session_type = SessionType.ANNUAL_REVIEW
    title = factory.Sequence(lambda n: f"Session {n}")
    visibility = Visibility.PUBLIC


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    session = factory.SubFactory(SessionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n}")
