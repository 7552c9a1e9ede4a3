"""Background work for crime data, on Django's tasks framework."""

from django.tasks import task


@task
def import_upload(crime_import_id: int) -> str:
    """Import an uploaded police.uk file or archive; progress and errors go on the CrimeImport."""
    from crime.models import CrimeImport
    from crime.services import crime_upload_process

    crime_import = CrimeImport.objects.get(pk=crime_import_id)
    crime_upload_process(crime_import=crime_import)
    crime_import.refresh_from_db()
    return crime_import.status
