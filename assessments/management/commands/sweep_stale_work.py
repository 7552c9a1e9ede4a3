"""manage.py sweep_stale_work: fail imports and assessments whose worker died (for cron)."""

from django.core.management.base import BaseCommand

from assessments.services import assessments_sweep
from crime.services import crime_imports_sweep


class Command(BaseCommand):
    help = "Mark crime imports and assessments with no heartbeat for 30 minutes as failed."

    def handle(self, *args, **options):
        imports = crime_imports_sweep()
        assessments = assessments_sweep()
        self.stdout.write(f"{imports:,} imports and {assessments:,} assessments marked failed")
