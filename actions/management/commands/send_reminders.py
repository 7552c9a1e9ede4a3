"""Queue (or run) the daily action reminders: for cron, once a day."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from actions.tasks import send_action_reminders
from partnership.models import Partnership


class Command(BaseCommand):
    help = "E-mail owners their actions due soon or overdue, and coordinators a summary."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Due within this many days")
        parser.add_argument("--partnership", help="Slug of one partnership (default: all)")
        parser.add_argument("--date", help="Run as if on this day (YYYY-MM-DD)")
        parser.add_argument(
            "--now", action="store_true", help="Run in this process instead of queueing it"
        )

    def handle(self, *args, **options):
        partnership_id = None
        if options["partnership"]:
            p = Partnership.objects.filter(slug=options["partnership"]).first()
            if p is None:
                raise CommandError(f"No partnership with the slug {options['partnership']!r}")
            partnership_id = p.pk
        on = options["date"]
        if on:
            try:
                dt.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"--date {on!r} is not a date like 2011-02-24") from None
        kwargs = {"days": options["days"], "on": on, "partnership_id": partnership_id}
        if options["now"]:
            totals = send_action_reminders.call(**kwargs)
            self.stdout.write(
                f"Sent {totals['owners_sent']} owner reminders and "
                f"{totals['coordinators_sent']} coordinator summaries "
                f"({totals['skipped']} already sent today)"
            )
        else:
            result = send_action_reminders.enqueue(**kwargs)
            self.stdout.write(f"Queued the action reminders (task {result.id})")
