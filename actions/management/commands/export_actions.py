"""Export the action log as CSV or XLSX from the command line."""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError

from actions import exports, selectors
from actions.models import ActionStatus
from partnership.models import Partnership


class Command(BaseCommand):
    help = (
        "Write the action log (meeting_date, item, action, owners, deadline, deadline_date, "
        "status, group, meeting) as CSV or XLSX. Exports every action, as a coordinator sees "
        "them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--group", help="Group name or id")
        parser.add_argument("--status", choices=ActionStatus.values)
        parser.add_argument("--partnership", help="Partnership slug (needed if there are several)")
        parser.add_argument("--output", "-o", help="File to write (default: standard output)")

    def handle(self, *args, **options):
        partnership = self._partnership(options["partnership"])
        group = None
        if options["group"]:
            wanted = options["group"]
            groups = partnership.groups.all()
            group = (
                groups.filter(pk=int(wanted)).first()
                if wanted.isdigit()
                else groups.filter(name__iexact=wanted).first()
            )
            if group is None:
                names = ", ".join(g.name for g in groups.order_by("name"))
                raise CommandError(f"No group {wanted!r} in {partnership.name} (groups: {names})")
        filters = selectors.ActionFilters(group=group, status=options["status"] or "")
        qs = selectors.action_log(
            user=_Coordinator(), partnership=partnership, filters=filters, today=dt.date.today()
        )
        rows = selectors.export_rows(qs)
        data = (
            exports.to_csv(rows, bom=False) if options["format"] == "csv" else exports.to_xlsx(rows)
        )
        if options["output"]:
            with open(options["output"], "wb") as fh:
                fh.write(data)
            where = options["output"]
        else:
            if options["format"] == "xlsx":
                sys.stdout.buffer.write(data)
            else:
                self.stdout.write(data.decode("utf-8"), ending="")
            where = "standard output"
        self.stderr.write(f"Exported {len(rows) - 1:,} actions of {partnership.name} to {where}")

    def _partnership(self, slug: str | None) -> Partnership:
        if slug:
            p = Partnership.objects.filter(slug=slug).first()
            if p is None:
                raise CommandError(f"No partnership with the slug {slug!r}")
            return p
        ps = list(Partnership.objects.all()[:2])
        if len(ps) != 1:
            raise CommandError("Say which partnership with --partnership <slug>")
        return ps[0]


class _Coordinator:
    """The command runs with a coordinator's view of the register."""

    is_authenticated = True
    is_superuser = True
    pk = None
