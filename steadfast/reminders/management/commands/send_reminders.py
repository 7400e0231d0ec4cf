"""Email the reminders due now. Safe to run from cron every minute:

    * * * * * cd /srv/steadfast && .venv/bin/python manage.py send_reminders

Runs that overlap never remind an item twice (see steadfast/reminders/jobs.py).
`--now 2026-11-27T19:05:00+13:00` pretends it is another moment, for testing; a time
without an offset is read in the site's time zone.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steadfast.reminders import jobs


def parse_moment(text):
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now must be a date and time such as 2026-11-27T19:05:00+00:00, not {text!r}.",
            returncode=2,
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Email the reminders that are due now. Safe to run every minute from cron."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), for testing.")

    def handle(self, *args, now=None, **options):
        moment = parse_moment(now) if now else None
        summary = jobs.send_due_reminders(moment)
        self.stdout.write(str(summary))
