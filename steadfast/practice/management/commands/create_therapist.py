from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from steadfast.practice import actions


class Command(BaseCommand):
    help = (
        "Create a therapist account, email the therapist a one-time link where they choose "
        "a password (then set up two-step sign-in), and print the link too, for servers "
        "without mail. Run again for a therapist who has not used their link yet: a new "
        "link replaces the old one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The therapist's own email address.")
        parser.add_argument("--name", required=True, help="Their name, as clients will see it.")

    def handle(self, *args, email, name, **options):
        try:
            link, path = actions.invite_therapist(email, name)
        except actions.Refused as refusal:
            raise CommandError(str(refusal)) from None
        therapist = link.therapist.email
        if link.emailed:
            sent = f"The link was emailed to {therapist}."
        else:
            sent = f"The email to {therapist} could not be sent (see the log)."
        # The link stays the last line, for scripts.
        self.stdout.write(
            f"Therapist account ready for {therapist}.\n"
            f"{sent} If mail does not reach them, give them this link by a safe channel. "
            f"It works once, until {link.expires_at:%Y-%m-%d %H:%M %Z}, and is not shown "
            f"again:\n"
            f"{settings.SITE_URL}{path}"
        )
