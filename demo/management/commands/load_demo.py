"""Load the demo partnership (Safer Maidstone Partnership) and one sign-in per role."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.module_loading import import_string

from core import search
from demo.users import DEMO_PASSWORD, load_users


class Command(BaseCommand):
    help = "Load (or refresh) the demo partnership from the seed documents. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            partnership = import_string(settings.DEMO_LOADERS[0])()
            for dotted in settings.DEMO_LOADERS[1:]:
                import_string(dotted)(partnership)
            users = load_users(partnership)
            indexed = search.reindex(partnership=partnership)
        with connection.cursor() as cursor:
            # Fresh planner statistics after a bulk load (docs/governance.md), outside the
            # transaction: the pages are planned for the rows now there, not for empty tables.
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Loaded the demo partnership: {partnership.name} ({indexed:,} records indexed for search)."
        )
        self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD}):")
        for email, role in users:
            self.stdout.write(f"  {role:<35} {email}")
