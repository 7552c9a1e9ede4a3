"""manage.py load_ward_lookup FILE --partnership SLUG: the ONS LSOA → ward best-fit lookup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crime import services
from crime.ingest import CrimeImportError
from partnership.models import Partnership


class Command(BaseCommand):
    help = (
        "Load the ONS 'LSOA (2011) to Electoral Ward best-fit lookup' CSV (LSOA11CD, WD<yy>CD, "
        "WD<yy>NM, …) for a partnership's area. A bad file changes nothing; the same file again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")

    def handle(self, *args, file: Path, partnership: str, **options):
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"No partnership with the slug {partnership!r}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Ward lookup not loaded. {file}: cannot be read ({exc})") from exc
        try:
            outcome = services.ward_lookup_load(partnership=found, filename=file.name, data=data)
        except CrimeImportError as exc:
            raise CommandError(f"Ward lookup not loaded. {exc}") from exc
        self.stdout.write(outcome.summary)
