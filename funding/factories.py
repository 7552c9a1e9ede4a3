"""factory_boy factories for funding."""

import factory

from core.models import Visibility
from funding.models import FundingRequest, Pot
from partnership.factories import BodyFactory, PartnershipFactory


class PotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pot

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Pot {n}")
    funder = factory.SubFactory(BodyFactory, partnership=factory.SelfAttribute("..partnership"))
    year = 2010
    amount_pence = 1_800_000
    visibility = Visibility.PUBLIC


class FundingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingRequest

    pot = factory.SubFactory(PotFactory)
    requesting_body = factory.SubFactory(
        BodyFactory, partnership=factory.SelfAttribute("..pot.partnership")
    )
    title = factory.Sequence(lambda n: f"Request {n}")
    purpose = "Crime prevention."
    amount_pence = 500_000
    visibility = Visibility.PUBLIC
