"""manage.py crime_summary --area LA_CODE: crimes per month and category as CSV or JSON."""

import json
import re

from django.core.management.base import BaseCommand, CommandError

from core.exports import csv_text
from crime import selectors

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(value: str) -> str:
    if not MONTH.match(value):
        raise CommandError(f"{value!r} is not a month in the form YYYY-MM")
    return value


class Command(BaseCommand):
    help = "Print one row per area, month and crime type: area, month, crime_type, count."
    # It reads the crime store only: the system checks would import every URLconf and view
    # (most of its start-up time) to check what it never uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, action="append", help="local authority code")
        parser.add_argument("--from", dest="month_from", help="first month, YYYY-MM")
        parser.add_argument("--to", dest="month_to", help="last month, YYYY-MM")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, area, month_from, month_to, format, **options):
        month_from = _month(month_from) if month_from else None
        month_to = _month(month_to) if month_to else None
        try:
            rows = selectors.crime_counts_by_area(
                area_codes=area, month_from=month_from, month_to=month_to
            )
            forces = selectors.forces_for_area(area_codes=area)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        fields = ["area", "month", "crime_type", "count"]
        if format == "csv":
            self.stdout.write(
                csv_text(fields, ([r.area, r.month, r.crime_type, r.count] for r in rows)),
                ending="",
            )
        else:
            self.stdout.write(
                json.dumps(
                    [
                        dict(zip(fields, (r.area, r.month, r.crime_type, r.count), strict=True))
                        for r in rows
                    ]
                )
            )
        flagged = [
            m
            for m in selectors.force_months(forces=forces, month_from=month_from, month_to=month_to)
            if m.status != "ok"
        ]
        for m in flagged:
            self.stderr.write(f"Warning: {m.force} {m.month} is {m.status}; it is a gap, not zero")
        months = sorted({r.month for r in rows})
        if months:
            synthetic = selectors.synthetic_months(
                forces=forces, month_from=months[0], month_to=months[-1]
            )
            if synthetic:
                self.stderr.write(
                    f"Demonstration data — not real crime figures: {synthetic[0]} to "
                    f"{synthetic[-1]} are synthetic, not police.uk data"
                )
        span = f"{months[0]} to {months[-1]}" if months else "no months"
        self.stderr.write(
            f"{len(rows):,} rows for {', '.join(area)} ({span}; {len(flagged):,} flagged force-months)"
        )
