"""Factories for partner evidence tests."""

from __future__ import annotations

import factory

from evidence.models import DatasetCount, DatasetLoad, PartnerDataset
from partnership.factories import PartnershipFactory


class PartnerDatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerDataset

    partnership = factory.SubFactory(PartnershipFactory)
    source = "Kent Police"
    title = factory.Sequence(lambda n: f"Domestic abuse incidents {n}")
    measure = "Domestic abuse incidents"
    unit = "incidents"
    theme = "Domestic abuse"
    granularity = "month"
    geography = "area"
    visibility = "partners"


class DatasetLoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatasetLoad
        skip_postgeneration_save = True

    dataset = factory.SubFactory(PartnerDatasetFactory)
    period = "2010-07"
    months = factory.LazyAttribute(lambda o: [o.period])
    source_name = factory.Sequence(lambda n: f"partner-file-{n}.csv")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    rows = 1
    total = 3
    uploaded_by_name = "Ann Analyst"

    @factory.post_generation
    def count(self, create, extracted, **kwargs):
        if create:
            DatasetCount.objects.create(load=self, month=self.period, code="", count=self.total)
