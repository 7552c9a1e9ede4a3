"""Search a partnership's record from the command line, as the public or as a user."""

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from partnership.models import Partnership
from search.selectors import search_records


class Command(BaseCommand):
    help = 'Search a partnership\'s record: search --partnership SLUG "QUERY" [--as EMAIL]'

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--partnership", metavar="SLUG", required=True)
        parser.add_argument("--as", dest="as_email", metavar="EMAIL", help="Search as this user")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--kind", default="")
        parser.add_argument("--page", type=int, default=1)

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug {options['partnership']!r}")
        user = None
        if options["as_email"]:
            user = User.objects.filter(email__iexact=options["as_email"]).first()
            if user is None:
                raise CommandError(f"No user with the e-mail {options['as_email']!r}")
        results = search_records(
            user=user,
            partnership=partnership,
            text=options["query"],
            kind=options["kind"],
            page=options["page"],
        )
        rows = [
            {
                "kind": h.kind,
                "id": h.id,
                "title": h.title,
                "date": h.date.isoformat() if h.date else None,
                "url": h.url,
                "snippet": str(h.snippet),
            }
            for h in results.hits
        ]
        if options["format"] == "json":
            payload = {
                "total": results.total,
                "more": results.more,
                "page": results.page,
                "pages": results.pages,
            }
            self.stdout.write(json.dumps({**payload, "results": rows}, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['kind']:<14} {row['date'] or '':<10} {row['title']}  {row['url']}"
            )
        self.stdout.write(
            f"{results.total:,} results (page {results.page} of {results.pages or 1})."
        )
