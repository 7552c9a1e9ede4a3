"""factory_boy factories for alert subscribers and subscriptions."""

import factory
from django.utils import timezone

from alerts.models import Frequency, Subscriber, Subscription


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    group = factory.SubFactory("partnership.factories.GroupFactory")
    partnership = factory.SelfAttribute("group.partnership")
    wants_agendas = True
    wants_minutes = True
    wants_decisions = True
    wants_public_meetings = True
    frequency = Frequency.IMMEDIATE
    confirmed_at = factory.LazyFunction(timezone.now)
