"""Rebuild the full-text search index (core/search.py), for one partnership or all."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core import search


class Command(BaseCommand):
    help = "Rebuild the search index from every record (all partnerships unless --partnership)."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SLUG", help="Only this partnership")

    def handle(self, *args, **options):
        partnership = None
        if options["partnership"]:
            Partnership = apps.get_model("partnership", "Partnership")
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"No partnership with the slug {options['partnership']!r}")
        count = search.reindex(partnership=partnership)
        where = partnership.name if partnership else "every partnership"
        self.stdout.write(f"Indexed {count:,} records for {where}.")
