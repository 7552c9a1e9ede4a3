"""manage.py import_geography LOOKUP_CSV POPULATION_CSV: load LSOAs, MSOAs, areas, population."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crime import services
from crime.ingest import CrimeImportError


class Command(BaseCommand):
    help = (
        "Load the LSOA → MSOA → local authority → police force lookup and LSOA populations "
        "(ONS-style CSVs such as PoliceforceLSOA.csv and census_2011_population_hh.csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("lookup_csv", type=Path)
        parser.add_argument("population_csv", type=Path)

    def handle(self, *args, lookup_csv, population_csv, **options):
        try:
            result = services.geography_import(lookup_csv=lookup_csv, population_csv=population_csv)
        except CrimeImportError as exc:
            raise CommandError(f"Geography not loaded. {exc}") from exc
        without_force = sum(1 for a in result.local_authorities if a.force is None)
        self.stdout.write(
            f"Loaded {result.lsoas:,} LSOAs in {result.msoas:,} MSOAs and "
            f"{len(result.local_authorities):,} local authorities "
            f"({result.lsoas_without_population:,} LSOAs without population, "
            f"{without_force:,} authorities without a named force)"
        )
