"""manage.py police_uk_update [--partnership SLUG] [--base-url URL] [--dry-run]: import the
months data.police.uk has published that the store lacks (crime/police_uk.py)."""

from django.core.management.base import BaseCommand, CommandError

from crime import services
from crime.formats import FORCES
from crime.police_uk import PoliceUkError, police_uk_update
from partnership.models import Partnership


class Command(BaseCommand):
    help = "Import the police.uk months the store lacks for each partnership's forces."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Only this partnership's forces (its slug)")
        parser.add_argument("--base-url", help="police.uk's address (default CSPHUB_POLICE_UK_URL)")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is missing; download nothing."
        )

    def handle(self, *args, partnership=None, base_url=None, dry_run=False, **options):
        chosen = None
        if partnership:
            chosen = Partnership.objects.filter(slug=partnership).first()
            if chosen is None:
                raise CommandError(f"No partnership with the slug {partnership!r}")
        services.crime_imports_sweep()
        try:
            update, plan = police_uk_update(partnership=chosen, base_url=base_url, dry_run=dry_run)
        except PoliceUkError as exc:
            raise CommandError(str(exc)) from exc
        if dry_run:
            assert plan is not None
            names = ", ".join(FORCES.get(f, f) for f in plan.forces) or "no force"
            self.stdout.write(f"police.uk lists {len(plan.listed)} months; forces: {names}")
            for p in plan.missing:
                self.stdout.write(f"Missing: {FORCES.get(p.force, p.force)} {p.dataset} {p.month}")
            for month in plan.recheck:
                self.stdout.write(f"Would ask whether the {month} archive has changed")
            for warning in plan.warnings:
                self.stdout.write(f"Warning: {warning}")
            self.stdout.write(f"Dry run: {len(plan.missing)} missing, nothing downloaded")
            return
        assert update is not None
        for e in update.arrived:
            self.stdout.write(f"Imported {e['rows']:,} rows from {e['source']}")
        for e in update.replaced:
            self.stdout.write(
                f"Replaced {e['previous_rows'] or 0:,} rows with {e['rows']:,} from {e['source']} "
                "(republished)"
            )
        for flag in update.flags:
            self.stdout.write(f"Flagged: {flag}")
        for warning in update.warnings:
            self.stdout.write(f"Warning: {warning}")
        if update.error:
            raise CommandError(update.error)
        self.stdout.write(
            f"{len(update.arrived):,} files arrived, {len(update.replaced):,} replaced, "
            f"{len(update.warnings):,} warnings"
        )
