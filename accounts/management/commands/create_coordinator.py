"""Create the first coordinator of a partnership (creating the partnership if needed)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import RoleName, User
from accounts.services import role_grant, user_create, user_invite
from accounts.tokens import INVITATION_DAYS
from partnership.models import Partnership
from partnership.services import partnership_create


class Command(BaseCommand):
    help = (
        "Create a coordinator account for a partnership and e-mail them an invitation link "
        f"to choose a password (it works for {INVITATION_DAYS} days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="The coordinator's full name")
        parser.add_argument("--partnership", required=True, help="The partnership's name")
        parser.add_argument("--short-name", default="")
        parser.add_argument(
            "--show-link",
            action="store_true",
            help="Also print the invitation link (to hand over if e-mail is not set up)",
        )
        parser.add_argument(
            "--area",
            default="",
            help="Local authority codes, comma-separated (new partnership only)",
        )

    @transaction.atomic
    def handle(self, *args, **opts):
        partnership = Partnership.objects.filter(name=opts["partnership"]).first()
        if partnership is None:
            if not opts["area"]:
                raise CommandError("New partnership: give its local authority codes with --area")
            partnership = partnership_create(
                name=opts["partnership"],
                short_name=opts["short_name"],
                area_codes=opts["area"].split(","),
            )
        user = User.objects.filter(email__iexact=opts["email"].strip()).first() or user_create(
            email=opts["email"], full_name=opts["name"]
        )
        role_grant(user=user, partnership=partnership, role=RoleName.COORDINATOR)
        if user.has_usable_password():
            self.stdout.write(
                f"{user.email} is a coordinator of {partnership.name}; they sign in with their "
                "existing password."
            )
            return
        link = user_invite(user=user, partnership=partnership)
        if opts["show_link"]:
            self.stdout.write(f"Invitation link: {link}")
        self.stdout.write(
            f"{user.email} is a coordinator of {partnership.name}; we e-mailed an invitation to "
            f"choose a password (the link works for {INVITATION_DAYS} days)."
        )
