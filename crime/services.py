"""Writes for crime data: import runs with provenance, uploads handed to the worker, geography."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from crime.geography import GeographyResult, load_geography
from crime.ingest import CrimeImportError, FileResult, import_paths
from crime.models import CrimeImport, ImportedFile, ImportStatus
from crime.store import Store, default_store

UPLOAD_SUFFIXES = {".csv", ".zip"}


def _user_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return getattr(user, "full_name", "") or getattr(user, "email", "") or str(user)


def crime_import_create(
    *,
    source_name: str,
    user=None,
    partnership=None,
    upload_path: str = "",
    requested_by_name: str = "",
) -> CrimeImport:
    """Record a new import run, waiting to start."""
    return CrimeImport.objects.create(
        source_name=source_name[:1000],
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        requested_by_name=(requested_by_name or _user_name(user))[:200],
        partnership=partnership,
        upload_path=upload_path,
    )


def crime_import_run(
    *,
    crime_import: CrimeImport,
    paths: list[Path],
    store: Store | None = None,
    on_progress: Callable[[int, int, FileResult], None] | None = None,
    labels: dict[Path, str] | None = None,
) -> list[FileResult]:
    """Import the files all-or-nothing, record each file's provenance and the run's outcome."""
    store = store or default_store()
    crime_import.status = ImportStatus.RUNNING
    crime_import.save(update_fields=["status"])

    def progress(done: int, total: int, result: FileResult) -> None:
        crime_import.files_done, crime_import.files_total = done, total
        crime_import.save(update_fields=["files_done", "files_total"])
        if on_progress:
            on_progress(done, total, result)

    try:
        results = import_paths(paths, store=store, on_progress=progress, labels=labels)
    except CrimeImportError as exc:
        crime_import.status = ImportStatus.FAILED
        crime_import.error = str(exc)
        crime_import.finished = timezone.now()
        crime_import.save(update_fields=["status", "error", "finished"])
        raise
    now = timezone.now()
    ImportedFile.objects.bulk_create(
        [
            ImportedFile(
                crime_import=crime_import,
                source=r.source[:1000],
                sha256=r.sha256,
                dataset=r.partition.dataset.value,
                force=r.partition.force,
                month=r.partition.month,
                outcome=r.status,
                rows_read=r.rows_read,
                rows_kept=r.rows_kept,
                unallocated=r.quality.unallocated,
                asb_without_crime_id=r.quality.asb_without_crime_id,
                crimes_without_crime_id=r.quality.crimes_without_crime_id,
                unknown_crime_types=r.quality.unknown_crime_types,
                legacy_categories_mapped=r.quality.legacy_categories_mapped,
                imported_at=now,
            )
            for r in results
            if r.status != "unchanged"
        ]
    )
    crime_import.status = ImportStatus.DONE
    crime_import.files_total = crime_import.files_done = len(results)
    crime_import.files_unchanged = sum(1 for r in results if r.status == "unchanged")
    crime_import.rows_kept = sum(r.rows_kept for r in results if r.status != "unchanged")
    crime_import.finished = now
    crime_import.save(
        update_fields=[
            "status",
            "files_total",
            "files_done",
            "files_unchanged",
            "rows_kept",
            "finished",
        ]
    )
    return results


def uploads_dir() -> Path:
    """Where uploaded files wait for the worker."""
    return Path(settings.CSPHUB_DATA_DIR) / "uploads"


def crime_upload_start(*, upload: UploadedFile, user, partnership) -> CrimeImport:
    """Save an uploaded CSV or zip beside the store and queue its import as a background task."""
    from crime.tasks import import_upload

    name = Path(upload.name or "upload").name
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise CrimeImportError(name, "upload a police.uk CSV file or a zip archive")
    folder = uploads_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target = folder / name
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    crime_import = crime_import_create(
        source_name=name, user=user, partnership=partnership, upload_path=str(target)
    )
    import_upload.enqueue(crime_import.pk)
    crime_import.refresh_from_db()
    return crime_import


def crime_upload_process(*, crime_import: CrimeImport, store: Store | None = None) -> None:
    """Import a queued upload, then delete the uploaded file whatever the outcome."""
    path = Path(crime_import.upload_path)
    try:
        crime_import_run(
            crime_import=crime_import, paths=[path], store=store, labels={path: path.name}
        )
    except CrimeImportError:
        pass  # recorded on the import for the status page
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
        crime_import.upload_path = ""
        crime_import.save(update_fields=["upload_path"])


def geography_import(
    *, lookup_csv: Path, population_csv: Path, store: Store | None = None
) -> GeographyResult:
    """Replace the store's LSOA → MSOA → local authority → force lookup and populations."""
    return load_geography(
        lookup_csv=lookup_csv, population_csv=population_csv, store=store or default_store()
    )
