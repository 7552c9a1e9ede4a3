"""manage.py import_police_uk PATH [PATH …]: import police.uk CSV files, zips or folders."""

import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crime import services
from crime.ingest import CrimeImportError, NeedsConfirmation
from crime.models import CrimeImport, ImportStatus


class Command(BaseCommand):
    help = "Import police.uk street, outcomes and stop-and-search files (CSV, zip or folder)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="CSV files, zip archives, folders")
        parser.add_argument(
            "--allow-fewer-rows",
            action="store_true",
            help="Replace force-months already held even with under 90%% of their rows "
            "(recorded on the import).",
        )

    def handle(self, *args, paths, allow_fewer_rows=False, **options):
        services.crime_imports_sweep()
        crime_import = services.crime_import_create(
            source_name=", ".join(str(p) for p in paths),
            requested_by_name=f"Command line ({getpass.getuser()})",
            confirmed=allow_fewer_rows,
        )
        console = Console(stderr=True)
        columns = (
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            bar = progress.add_task("import", total=None)

            def advance(done, total, result):
                progress.update(bar, completed=done, total=total)

            try:
                results = services.crime_import_run(
                    crime_import=crime_import, paths=paths, on_progress=advance
                )
            except NeedsConfirmation as exc:
                CrimeImport.objects.filter(pk=crime_import.pk).update(
                    status=ImportStatus.FAILED,
                    error="Refused: " + "; ".join(exc.checks) + " (use --allow-fewer-rows)",
                )
                raise CommandError(
                    "Nothing imported. " + "; ".join(exc.checks) + ". Check the files, then run "
                    "again with --allow-fewer-rows to replace them (the replacement is recorded)."
                ) from exc
            except CrimeImportError as exc:
                raise CommandError(f"Nothing imported. {exc}") from exc
        for r in results:
            name = Path(r.source.replace("!", "/")).name
            if r.status == "unchanged":
                self.stdout.write(f"Unchanged: {name} was already imported")
                continue
            verb = "Replaced with" if r.status == "replaced" else "Imported"
            self.stdout.write(
                f"{verb} {r.rows_kept:,} rows from {name} "
                f"({r.quality.unallocated:,} without location)"
            )
        imported = [r for r in results if r.status != "unchanged"]
        self.stdout.write(
            f"{len(imported):,} of {len(results):,} files imported, "
            f"{sum(r.rows_kept for r in imported):,} rows"
        )
