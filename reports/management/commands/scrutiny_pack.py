"""Print or write a scrutiny session's pack: `manage.py scrutiny_pack --partnership SLUG
--session YYYY-MM-DD --format json|docx|pdf [--output FILE]`. The public copy: records that are
not public are left out and counted."""

import datetime as dt
import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnership.models import Partnership
from reports import documents
from reports.models import ScrutinySession
from reports.selectors import scrutiny_pack


class Command(BaseCommand):
    help = "Print a scrutiny pack as JSON, or write it as Word or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument("--session", required=True, help="The session's date, YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "docx", "pdf"], default="json")
        parser.add_argument("--output", help="File to write (Word and PDF; default stdout)")

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug {options['partnership']!r}")
        try:
            date = dt.date.fromisoformat(options["session"])
        except ValueError:
            raise CommandError(
                f"--session {options['session']!r} is not a date like 2011-03-14"
            ) from None
        session = (
            ScrutinySession.objects.filter(partnership=partnership, date=date)
            .select_related("committee", "partnership")
            .first()
        )
        if session is None:
            raise CommandError(f"{partnership} has no scrutiny session on {date.isoformat()}")
        pack = scrutiny_pack(session=session, user=None)
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(pack.as_json(settings.SITE_URL), indent=2))
            return
        data = documents.pack_docx(pack) if fmt == "docx" else documents.pack_pdf(pack)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
            answered = sum(q.answered for q in pack.questions)
            self.stderr.write(
                f"Wrote {options['output']}: {len(pack.questions)} areas of questioning, "
                f"{answered} answered, {pack.hidden} records left out"
            )
        else:
            sys.stdout.buffer.write(data)
