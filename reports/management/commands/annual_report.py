"""Print or write a financial year's annual report: `manage.py annual_report --partnership SLUG
--year YYYY --format json|docx|pdf [--output FILE]` (the year starting April YYYY). The latest
issued version if there is one, otherwise the record as it stands (not saved). The public's copy.
"""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnership.models import Partnership
from reports import documents
from reports.board import annual_content, board_for_reader
from reports.models import BoardReport, BoardStatus, ReportKind


class Command(BaseCommand):
    help = "Print a financial year's annual report as JSON, or write it as Word or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True)
        parser.add_argument(
            "--year", required=True, help="For example 2010 (April 2010 to March 2011)"
        )
        parser.add_argument("--format", choices=["json", "docx", "pdf"], default="json")
        parser.add_argument("--output")

    def handle(self, *args, **options):
        p = Partnership.objects.filter(slug=options["partnership"]).first()
        if p is None:
            raise CommandError(f"No partnership with the slug {options['partnership']!r}")
        year = str(options["year"])
        report = (
            BoardReport.objects.filter(
                partnership=p, kind=ReportKind.ANNUAL, quarter=year, status=BoardStatus.ISSUED
            )
            .order_by("-version")
            .first()
        )
        try:
            raw = report.content if report else annual_content(partnership=p, year=year)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        content, left_out = board_for_reader(raw, user=None, partnership=p)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "version": report.version if report else None,
                        "issued_on": report.issued_on.isoformat() if report else None,
                        "narrative": report.narrative if report else "",
                        **content,
                        "left_out": left_out,
                    },
                    indent=2,
                )
            )
            return
        draft = report or BoardReport(
            partnership=p, kind=ReportKind.ANNUAL, quarter=year, content=raw
        )
        make = documents.board_pdf if options["format"] == "pdf" else documents.board_docx
        data = make(draft, content, left_out)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
            self.stderr.write(f"Wrote {options['output']}: annual report {year}")
        else:
            sys.stdout.buffer.write(data)
