"""Delete security events older than STEADFAST_AUDIT_DAYS. Safe to run daily from cron:

    17 3 * * * cd /srv/steadfast && .venv/bin/python manage.py purge_security_events

With Redis, huey's consumer runs the same purge every night (steadfast/audit/tasks.py).
"""

from django.core.management.base import BaseCommand

from steadfast.audit import retention


class Command(BaseCommand):
    help = "Delete security events older than STEADFAST_AUDIT_DAYS (0 keeps them all)."

    def handle(self, *args, **options):
        deleted = retention.purge()
        days = retention.kept_days()
        kept = f"kept {days} days" if days > 0 else "kept without a limit"
        self.stdout.write(f"{deleted} security events deleted ({kept}).")
