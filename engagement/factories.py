"""factory_boy factories for engagement."""

import datetime as dt

import factory

from core.models import Visibility
from engagement.models import Consultation, Event, Finding, PublicMeeting
from partnership.factories import PartnershipFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Stakeholder event {n}")
    held_on = dt.date(2010, 11, 12)
    venue = "Community Centre"
    attendance = 40
    visibility = Visibility.PUBLIC


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Finding {n}")


class PublicMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicMeeting

    partnership = factory.SubFactory(PartnershipFactory)
    held_on = dt.date(2011, 1, 20)
    venue = factory.Sequence(lambda n: f"Town Hall {n}")
    visibility = Visibility.PUBLIC


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    method = "Street survey"
    started_on = dt.date(2011, 1, 10)
    respondents = 200
    visibility = Visibility.PUBLIC
