"""Background work for crime data, on Django's tasks framework."""

from django.tasks import task
from django.utils import timezone

from core import jobs
from crime import police_uk
from crime.models import CrimeImport, ImportStatus
from crime.services import crime_imports_sweep, crime_upload_process
from partnership.models import Partnership


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


@task
def police_uk_update(partnership_id: int | None = None) -> dict:
    """Monthly: import the months data.police.uk has published that the store lacks.

    Idempotent: a month already held is not imported again, and an unchanged file is left
    alone; the run, what arrived and what was flagged are recorded and e-mailed.
    """
    crime_imports_sweep()
    partnership = Partnership.objects.get(pk=partnership_id) if partnership_id else None
    update, _ = police_uk.police_uk_update(partnership=partnership)
    assert update is not None
    return {
        "status": update.status,
        "arrived": len(update.arrived),
        "replaced": len(update.replaced),
        "warnings": len(update.warnings),
    }
