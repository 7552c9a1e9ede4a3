"""manage.py assessment: a strategic assessment of one area from the crime store, to a file.

manage.py assessment --area E08000035 --current 2018-07 --baseline 2017-07 --format json
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from assessments.documents import document_title, docx_bytes, pdf_bytes
from assessments.periods import Period
from assessments.strategic import build_strategic_assessment
from assessments.tables import tables_for


class Command(BaseCommand):
    help = "Produce a strategic assessment of a local authority area from the crime store."

    def add_arguments(self, parser):
        parser.add_argument(
            "--area", required=True, help="Local authority code(s), comma-separated"
        )
        parser.add_argument("--current", required=True, help="YYYY-MM or YYYY-MM:YYYY-MM")
        parser.add_argument("--baseline", required=True, help="YYYY-MM or YYYY-MM:YYYY-MM")
        parser.add_argument("--format", default="json", choices=["json", "html", "docx", "pdf"])
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            current = Period.parse(options["current"])
            baseline = Period.parse(options["baseline"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        codes = [c.strip().upper() for c in options["area"].split(",") if c.strip()]
        try:
            result = build_strategic_assessment(
                area_codes=codes, current=current, baseline=baseline
            )
        except (LookupError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        fmt = options["format"]
        if fmt == "json":
            body = json.dumps(result, indent=2).encode()
        elif fmt == "html":
            body = render_to_string(
                "assessments/standalone.html",
                {"result": result, "title": document_title(result), "tables": tables_for(result)},
            ).encode()
        elif fmt == "docx":
            body = docx_bytes(result)
        else:
            body = pdf_bytes(result)
        if options["output"]:
            with open(options["output"], "wb") as fh:
                fh.write(body)
            self.stderr.write(
                f"Wrote {document_title(result)} ({len(result['categories'])} categories) "
                f"to {options['output']}"
            )
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
