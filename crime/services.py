"""Writes for crime data: import runs with provenance, uploads handed to the worker, geography."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from core import jobs
from crime.formats import FORCES, Dataset
from crime.geography import GeographyResult, load_geography
from crime.ingest import (
    CrimeImportError,
    FileResult,
    NeedsConfirmation,
    collect_sources,
    import_paths,
    summarise,
)
from crime.models import (
    CrimeImport,
    ImportedFile,
    ImportStatus,
    LsoaWard,
    PoliceUkUpdate,
    WardLookup,
)
from crime.selectors import local_authorities, lsoa_lookup
from crime.store import Store, default_store
from crime.wards import read_ward_lookup

UPLOAD_SUFFIXES = {".csv", ".zip"}
UPLOAD_MAX_BYTES = 512 << 20
"""The largest file the upload page accepts (500 MB); bigger archives go via the command line."""
FEWER_ROWS_THRESHOLD = 0.9
"""A replacement with fewer than 90% of a partition's rows needs explicit confirmation."""
AREA_MIN_SHARE = 0.01
"""An upload with under 1% of its street rows in the partnership's area needs confirmation.

A district is one of several in its force (Maidstone holds about 8% of Kent's crime), so a
force's file with few rows in the area is normal; under 1% means another force's file."""
FAILED_UPLOAD_KEPT = timedelta(days=1)
"""An upload whose worker died is kept this long so it can be retried, then removed."""


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
    confirmed: bool = False,
) -> CrimeImport:
    """Record a new import run, waiting to start."""
    name = (requested_by_name or _user_name(user))[:200]
    return CrimeImport.objects.create(
        source_name=source_name[:1000],
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        requested_by_name=name,
        partnership=partnership,
        area_codes=list(partnership.area_codes) if partnership is not None else [],
        upload_path=upload_path,
        confirmed=confirmed,
        confirmed_by_name=name if confirmed else "",
        confirmed_at=timezone.now() if confirmed else None,
    )


def _partition_owner(result: FileResult) -> tuple[bool, int | None]:
    """Whether the stored partition's data are recorded, and the partnership that wrote them."""
    last = (
        ImportedFile.objects.filter(
            dataset=result.partition.dataset.value,
            force=result.partition.force,
            month=result.partition.month,
        )
        .select_related("crime_import")
        .order_by("-imported_at", "-pk")
        .first()
    )
    if last is None:
        return False, None
    return True, last.crime_import.partnership_id


def _review(crime_import: CrimeImport) -> Callable[[list[FileResult]], None]:
    """The checks an import passes before anything is moved into place (docs/crime-data.md)."""

    def review(results: list[FileResult]) -> None:
        checks: list[str] = []
        for r in results:
            if r.status != "replaced" or not r.previous_rows:
                continue
            if r.rows_kept >= FEWER_ROWS_THRESHOLD * r.previous_rows:
                continue
            what = (
                f"{FORCES.get(r.partition.force, r.partition.force)} "
                f"{r.partition.dataset.value} data for {r.partition.month}"
            )
            if crime_import.partnership_id is not None:
                recorded, owner = _partition_owner(r)
                if not recorded or owner != crime_import.partnership_id:
                    raise CrimeImportError(
                        r.source,
                        f"has {r.rows_kept:,} rows but would replace the {r.previous_rows:,} "
                        f"rows of {what}, which another partnership or the instance's "
                        "administrator imported and other partnerships may rely on; the "
                        "administrator can replace them with `manage.py import_police_uk "
                        "--allow-fewer-rows`. Nothing was imported",
                    )
            checks.append(
                f"{r.source} has {r.rows_kept:,} rows and would replace the "
                f"{r.previous_rows:,} rows held for {what} "
                f"({100 * (1 - r.rows_kept / r.previous_rows):.0f}% fewer)"
            )
        street = [
            r for r in results if r.partition.dataset is Dataset.STREET and r.area_rows is not None
        ]
        if street:
            total = sum(r.rows_kept for r in street)
            in_area = sum(r.area_rows or 0 for r in street)
            crime_import.area_rows = in_area
            CrimeImport.objects.filter(pk=crime_import.pk).update(area_rows=in_area)
            if total and in_area < AREA_MIN_SHARE * total:
                name = crime_import.partnership.name if crime_import.partnership else "the area"
                checks.append(
                    f"only {in_area:,} of the {total:,} street crimes in this upload lie in "
                    f"{name}'s area"
                    + (" (none do): it looks like another force's data" if not in_area else "")
                )
        if checks and not crime_import.confirmed:
            raise NeedsConfirmation(checks)

    return review


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
    crime_import.heartbeat_at = timezone.now()
    crime_import.save(update_fields=["status", "heartbeat_at"])

    def progress(done: int, total: int, result: FileResult) -> None:
        crime_import.files_done, crime_import.files_total = done, total
        crime_import.heartbeat_at = timezone.now()
        crime_import.save(update_fields=["files_done", "files_total", "heartbeat_at"])
        if on_progress:
            on_progress(done, total, result)

    try:
        results = import_paths(
            paths,
            store=store,
            on_progress=progress,
            labels=labels,
            area_codes=crime_import.area_codes or None,
            review=_review(crime_import),
        )
    except NeedsConfirmation as exc:
        crime_import.status = ImportStatus.CHECK
        crime_import.checks = exc.checks
        crime_import.save(update_fields=["status", "checks", "area_rows"])
        raise
    except CrimeImportError as exc:
        crime_import.status = ImportStatus.FAILED
        crime_import.error = summarise(str(exc))
        crime_import.finished = timezone.now()
        crime_import.save(update_fields=["status", "error", "finished"])
        raise
    except BaseException as exc:
        jobs.fail_on_any_exception(crime_import, exc, extra_fields={"finished": timezone.now()})
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
                previous_rows=r.previous_rows if r.status == "replaced" else None,
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


def _enqueue(crime_import: CrimeImport) -> None:
    pk = crime_import.pk
    transaction.on_commit(lambda: import_upload.enqueue(pk))


def crime_upload_start(
    *, upload: UploadedFile, user, partnership, confirmed: bool = False
) -> CrimeImport:
    """Save an uploaded CSV or zip beside the store and queue its import as a background task.

    The file's name and (for a zip) its directory are checked first: a refused upload leaves
    no file behind. ``confirmed`` is the user's advance confirmation of the import's checks.
    """
    name = Path(upload.name or "upload").name
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise CrimeImportError(name, "upload a police.uk CSV file or a zip archive")
    if upload.size is not None and upload.size > UPLOAD_MAX_BYTES:
        raise CrimeImportError(
            name,
            f"is {upload.size:,} bytes, more than the upload limit of {UPLOAD_MAX_BYTES:,}; "
            "import it from the command line (manage.py import_police_uk)",
        )
    folder = uploads_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target = folder / name
    try:
        with open(target, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        collect_sources([target], {target: name})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    crime_import = crime_import_create(
        source_name=name,
        user=user,
        partnership=partnership,
        upload_path=str(target),
        confirmed=confirmed,
    )
    _enqueue(crime_import)
    return crime_import


def _remove_upload(crime_import: CrimeImport) -> None:
    if crime_import.upload_path:
        shutil.rmtree(Path(crime_import.upload_path).parent, ignore_errors=True)
    CrimeImport.objects.filter(pk=crime_import.pk).update(upload_path="")
    crime_import.upload_path = ""


def crime_upload_process(*, crime_import: CrimeImport, store: Store | None = None) -> None:
    """Import a queued upload; delete the uploaded file unless it waits for confirmation."""
    path = Path(crime_import.upload_path)
    keep = False
    try:
        crime_import_run(
            crime_import=crime_import, paths=[path], store=store, labels={path: path.name}
        )
    except NeedsConfirmation:
        keep = True  # the status page asks; confirming imports this same file
    except CrimeImportError:
        pass  # recorded on the import for the status page
    finally:
        if not keep:
            _remove_upload(crime_import)


def crime_upload_confirm(*, crime_import: CrimeImport, user) -> CrimeImport:
    """The user confirmed an import's checks (fewer rows, outside the area): queue it again."""
    if crime_import.status != ImportStatus.CHECK or not crime_import.upload_path:
        raise CrimeImportError(crime_import.source_name, "has nothing waiting for confirmation")
    crime_import.status = ImportStatus.QUEUED
    crime_import.confirmed = True
    crime_import.confirmed_by_name = _user_name(user)[:200]
    crime_import.confirmed_at = timezone.now()
    crime_import.save(update_fields=["status", "confirmed", "confirmed_by_name", "confirmed_at"])
    _enqueue(crime_import)
    return crime_import


def crime_upload_cancel(*, crime_import: CrimeImport) -> CrimeImport:
    """Drop an upload waiting for confirmation (or a failed one kept for retrying)."""
    if crime_import.status not in (ImportStatus.CHECK, ImportStatus.FAILED):
        raise CrimeImportError(crime_import.source_name, "is not waiting for a decision")
    _remove_upload(crime_import)
    if crime_import.status == ImportStatus.CHECK:
        crime_import.status = ImportStatus.FAILED
        crime_import.error = "Cancelled: nothing was imported."
        crime_import.finished = timezone.now()
        crime_import.save(update_fields=["status", "error", "finished"])
    return crime_import


def crime_upload_retry(*, crime_import: CrimeImport) -> CrimeImport:
    """Queue again an upload whose worker died (its file is kept for a day for this)."""
    if crime_import.status != ImportStatus.FAILED or not crime_import.upload_path:
        raise CrimeImportError(crime_import.source_name, "cannot be retried; upload it again")
    if not Path(crime_import.upload_path).exists():
        _remove_upload(crime_import)
        raise CrimeImportError(crime_import.source_name, "is no longer held; upload it again")
    crime_import.status = ImportStatus.QUEUED
    crime_import.error = ""
    crime_import.files_done = crime_import.files_total = 0
    crime_import.finished = None
    crime_import.save(update_fields=["status", "error", "files_done", "files_total", "finished"])
    _enqueue(crime_import)
    return crime_import


def crime_imports_sweep(*, store: Store | None = None) -> int:
    """Fail imports whose worker died, clear their temporary files, drop orphaned uploads."""
    store = store or default_store()

    def cleanup(crime_import: CrimeImport) -> None:
        # The uploaded file is kept (for a day) so the import can be retried.
        with store.write_lock(blocking=False) as locked:
            if locked:
                store.remove_leftovers()

    failed = jobs.stale_work_fail(
        queryset=CrimeImport.objects.all(),
        cleanup=cleanup,
        extra_fields={"finished": timezone.now()},
    )
    folder = uploads_dir()
    if folder.is_dir():
        held = {
            str(Path(p).parent)
            for p in CrimeImport.objects.exclude(upload_path="")
            .exclude(status=ImportStatus.FAILED, finished__lt=timezone.now() - FAILED_UPLOAD_KEPT)
            .values_list("upload_path", flat=True)
        }
        cutoff = time.time() - jobs.STALE_AFTER.total_seconds()
        for child in folder.iterdir():
            if str(child) not in held and child.stat().st_mtime < cutoff:
                shutil.rmtree(child, ignore_errors=True)
        CrimeImport.objects.filter(
            status=ImportStatus.FAILED, finished__lt=timezone.now() - FAILED_UPLOAD_KEPT
        ).exclude(upload_path="").update(upload_path="")
    failed += police_uk_updates_sweep()
    return failed


def police_uk_updates_sweep() -> int:
    """Fail monthly police.uk updates whose worker died and remove their downloads."""
    folder = Path(settings.CSPHUB_DATA_DIR) / "police-uk"

    def cleanup(update: PoliceUkUpdate) -> None:
        if folder.is_dir():
            cutoff = time.time() - jobs.STALE_AFTER.total_seconds()
            for child in folder.iterdir():
                if child.stat().st_mtime < cutoff:
                    shutil.rmtree(child, ignore_errors=True)

    return jobs.stale_work_fail(
        queryset=PoliceUkUpdate.objects.all(),
        cleanup=cleanup,
        extra_fields={"finished": timezone.now()},
    )


def geography_import(
    *, lookup_csv: Path, population_csv: Path, store: Store | None = None
) -> GeographyResult:
    """Replace the store's LSOA → MSOA → local authority → force lookup and populations."""
    return load_geography(
        lookup_csv=lookup_csv, population_csv=population_csv, store=store or default_store()
    )


# Ward lookup --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WardLookupOutcome:
    """What loading a ward lookup did: loaded, replaced the previous one, or nothing."""

    lookup: WardLookup
    status: str  # "loaded", "replaced" or "unchanged"

    @property
    def summary(self) -> str:
        lookup = self.lookup
        if self.status == "unchanged":
            return f"{lookup.source_name} is already the ward lookup: nothing changed."
        verb = "Replaced the ward lookup with" if self.status == "replaced" else "Loaded"
        skipped = f" ({lookup.skipped:,} rows outside the area skipped)" if lookup.skipped else ""
        return (
            f"{verb} {lookup.lsoas:,} LSOAs in {lookup.wards:,} wards (as at {lookup.ward_year}) "
            f"from {lookup.source_name}{skipped}."
        )


def ward_lookup_load(
    *, partnership, filename: str, data: bytes, user=None, store: Store | None = None
) -> WardLookupOutcome:
    """Load an ONS LSOA → ward best-fit lookup for the partnership's area, all or nothing.

    The file is checked whole against the loaded geography first (crime/wards.py). The same file
    again changes nothing; another replaces the current lookup in one transaction, which keeps
    the old one's provenance and drops its rows.
    """
    name = Path(filename or "lookup.csv").name[:255]
    try:
        lsoas = lsoa_lookup(store=store)
    except LookupError as exc:
        raise CrimeImportError(name, f"LSOA codes cannot be checked: {exc}") from None
    authorities = local_authorities(area_codes=list(partnership.area_codes), store=store)
    area_name = ", ".join(a.name for a in authorities) or partnership.name
    checked = read_ward_lookup(
        filename=name,
        data=data,
        area_codes=list(partnership.area_codes),
        lsoas=lsoas,
        area_name=area_name,
    )
    with transaction.atomic():
        current = (
            WardLookup.objects.select_for_update()
            .filter(partnership=partnership, replaced_at__isnull=True)
            .first()
        )
        if current is not None and current.sha256 == checked.sha256:
            return WardLookupOutcome(current, "unchanged")
        now = timezone.now()
        if current is not None:
            current.rows.all().delete()
            current.replaced_at = now
            current.save(update_fields=["replaced_at"])
        lookup = WardLookup(
            partnership=partnership,
            source_name=name,
            sha256=checked.sha256,
            ward_year=checked.ward_year,
            rows_read=checked.rows_read,
            lsoas=len(checked.rows),
            wards=checked.wards,
            skipped=checked.skipped,
            loaded_by=user if getattr(user, "is_authenticated", False) else None,
            loaded_by_name=_user_name(user)[:200],
            loaded_at=now,
        )
        lookup.full_clean()
        lookup.save()
        LsoaWard.objects.bulk_create(
            [
                LsoaWard(
                    lookup=lookup, lsoa_code=r.lsoa_code, ward_code=r.ward_code,
                    ward_name=r.ward_name,
                )
                for r in checked.rows
            ],
            batch_size=2000,
        )  # fmt: skip
    return WardLookupOutcome(lookup, "replaced" if current is not None else "loaded")


# Background task ------------------------------------------------------------------------------


@task
def import_upload(crime_import_id: int) -> str:
    """Import an uploaded police.uk file or archive; progress and errors go on the CrimeImport.

    A worker starting work first fails the imports a dead worker left running. Any exception
    marks the import failed (so its page never waits for ever), removes the upload, and is
    re-raised for the task's own record.
    """
    crime_imports_sweep()
    crime_import = CrimeImport.objects.select_related("partnership").get(pk=crime_import_id)
    if crime_import.status != ImportStatus.QUEUED:
        return crime_import.status  # cancelled, or already failed by a sweep
    try:
        crime_upload_process(crime_import=crime_import)
    except BaseException as exc:
        jobs.fail_on_any_exception(crime_import, exc, extra_fields={"finished": timezone.now()})
        raise
    crime_import.refresh_from_db()
    return crime_import.status
