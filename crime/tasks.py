"""Background work for crime data, on Django's tasks framework."""

from django.tasks import task
from django.utils import timezone

from core import jobs
from crime.models import CrimeImport, ImportStatus
from crime.services import crime_imports_sweep, crime_upload_process


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
