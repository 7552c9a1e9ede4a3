"""Import a minutes document from the command line, or (--dry-run) print what was read."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from minutes_import import services
from partnership.models import Group, Partnership


class Command(BaseCommand):
    help = "Read a minutes document (.docx, .pdf, .txt, .html) and import it into a partnership."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument("--group", default="", help="The group's name (or id)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what was read; save nothing"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            partnership = Partnership.objects.get(slug=options["partnership"])
        except Partnership.DoesNotExist as exc:
            raise CommandError(f"No partnership has the slug {options['partnership']}") from exc
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        size = path.stat().st_size
        try:
            services.check_upload(name=path.name, size=size, head=path.open("rb").read(8))
            data = path.read_bytes()
            if options["dry_run"]:
                parsed, _ = services.minutes_read(name=path.name, data=data)
                self._print(parsed, options["format"])
                return
            group = self._group(partnership, options["group"])
            with transaction.atomic():
                draft = services.draft_create(
                    partnership=partnership, name=path.name, data=data, read_now=True
                )
                meeting = services.draft_confirm(draft=draft, group=group)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        actions = meeting.actions.count()
        summary = (
            f"Imported {path.name} as the meeting of {meeting} "
            f"({meeting.items.count()} items, {actions} actions, "
            f"{meeting.attendance.count()} attendance lines)"
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps({"meeting_id": meeting.pk, "summary": summary}))
        else:
            self.stdout.write(summary)

    def _group(self, partnership, name: str) -> Group:
        if not name:
            raise CommandError("Name the group with --group (or use --dry-run)")
        groups = Group.objects.filter(partnership=partnership)
        group = (groups.filter(pk=int(name)).first() if name.isdigit() else None) or groups.filter(
            name__iexact=name
        ).first()
        if group is None:
            raise CommandError(f"{partnership.slug} has no group called {name}")
        return group

    def _print(self, parsed: dict, fmt: str) -> None:
        if fmt == "json":
            out = {**parsed}
            for section in services.SECTIONS:
                out[section] = [
                    {k: v for k, v in p.items() if k != "match"} for p in parsed[section]
                ]
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
            return
        m = parsed["meeting"]
        self.stdout.write(
            f"{m['title'] or 'Not recorded'}: {m['date']} {m['time'] or ''} {m['venue']}"
        )
        for section in services.SECTIONS:
            names = ", ".join(f"{p['name']} ({p['initials']})" for p in parsed[section])
            self.stdout.write(f"{section.replace('_', ' ').title()}: {names or 'Not recorded'}")
        for item in parsed["items"]:
            self.stdout.write(f"{item['number']} {item['title']}")
            for a in item["actions"]:
                self.stdout.write(
                    f"    Action {a['owners']} ({a['deadline'] or 'no deadline'}): {a['text']}"
                )
        for w in parsed["warnings"]:
            self.stdout.write(f"Warning: {w}")
        self.stdout.write(f"Read {len(parsed['items'])} items; nothing saved (dry run)")
