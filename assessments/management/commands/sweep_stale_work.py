"""manage.py sweep_stale_work: fail the work of workers that died (the scheduler also runs it)."""

from django.core.management.base import BaseCommand

from assessments.services import stale_work_sweep


class Command(BaseCommand):
    help = (
        "Mark crime imports and assessments with no heartbeat for 30 minutes, and alerts left "
        "sending for 30 minutes, as failed."
    )

    def handle(self, *args, **options):
        swept = stale_work_sweep()
        self.stdout.write(
            f"{swept['imports']:,} imports, {swept['assessments']:,} assessments and "
            f"{swept['alerts']:,} alerts marked failed"
        )
