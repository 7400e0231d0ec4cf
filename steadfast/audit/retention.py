"""How long security events are kept: STEADFAST_AUDIT_DAYS (default 365; 0 keeps them).

`purge` runs daily from huey (tasks.py) and from `manage.py purge_security_events`
(for cron, on servers without Redis, where huey has no consumer).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Event


def kept_days():
    return int(getattr(settings, "STEADFAST_AUDIT_DAYS", 365))


def purge(now=None):
    """Delete the events older than the retention period; returns how many went."""
    days = kept_days()
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = Event.objects.filter(at__lt=cutoff).expire()
    return deleted
