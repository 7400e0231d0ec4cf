from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from steadfast.practice import actions


class Command(BaseCommand):
    help = (
        "Create a therapist account and print a one-time link where the therapist chooses "
        "a password (then sets up two-step sign-in). Run again for a therapist who has not "
        "used their link yet: a new link replaces the old one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The therapist's own email address.")
        parser.add_argument("--name", required=True, help="Their name, as clients will see it.")

    def handle(self, *args, email, name, **options):
        try:
            link, path = actions.invite_therapist(email, name)
        except actions.Refused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            f"Therapist account ready for {link.therapist.email}.\n"
            f"Give them this link by a safe channel. It works once, until "
            f"{link.expires_at:%Y-%m-%d %H:%M %Z}, and is not shown again:\n"
            f"{settings.SITE_URL}{path}"
        )
