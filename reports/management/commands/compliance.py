"""Print the statutory compliance calendar on a day: `manage.py compliance --partnership SLUG
--on YYYY-MM-DD --format json`. Evidence is the public's (others are counted, not named)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnership.models import Partnership
from reports.compliance import compliance_calendar


class Command(BaseCommand):
    help = "Print each statutory duty's due date, status and evidence as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument("--on", help="The day, YYYY-MM-DD (default today)")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug {options['partnership']!r}")
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on {options['on']!r} is not a date like 2011-03-14") from None
        duties = compliance_calendar(partnership=partnership, on=on, user=None)
        self.stdout.write(
            json.dumps(
                {
                    "partnership": partnership.slug,
                    "on": on.isoformat(),
                    "duties": [d.as_json() for d in duties],
                },
                indent=2,
            )
        )
