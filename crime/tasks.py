"""Scheduled crime work, on Django's tasks framework (the upload import is in crime/services.py)."""

from django.tasks import task

from crime import police_uk
from crime.services import crime_imports_sweep
from partnership.models import Partnership


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
