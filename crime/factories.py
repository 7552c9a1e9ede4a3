"""factory_boy factories for crime import provenance."""

import factory
from django.utils import timezone

from crime.models import CrimeImport, ImportedFile, ImportStatus, WardLookup
from partnership.factories import PartnershipFactory


class CrimeImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrimeImport

    partnership = factory.SubFactory(PartnershipFactory)
    source_name = factory.Sequence(lambda n: f"police-uk-archive-{n}.zip")
    status = ImportStatus.DONE
    requested_by_name = "Ann Analyst"


class ImportedFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportedFile

    crime_import = factory.SubFactory(CrimeImportFactory)
    source = "2018-07-west-yorkshire-street.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    dataset = "street"
    force = "west-yorkshire"
    month = "2018-07"
    outcome = "imported"
    rows_read = 31635
    rows_kept = 31635
    unallocated = 883
    imported_at = factory.LazyFunction(timezone.now)


class WardLookupFactory(factory.django.DjangoModelFactory):
    """A loaded ward lookup's provenance (no rows: pages that list lookups need none)."""

    class Meta:
        model = WardLookup

    partnership = factory.SubFactory(PartnershipFactory)
    source_name = "LSOA11_WD20_LAD20_EW_LU.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    ward_year = "2020"
    rows_read = 34753
    lsoas = 128
    wards = 17
    loaded_by_name = "Walter Wardloader"
    loaded_at = factory.LazyFunction(timezone.now)
