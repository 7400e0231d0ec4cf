"""Who may open which daily check-in. Views ask here and nowhere else."""

from datetime import timedelta

from django.utils import timezone

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience

from .models import DailyCheckIn


def today():
    """The person's own day: requests run in their time zone (accounts.timezones)."""
    return timezone.localdate()


def get_own_checkin_for(user, key):
    """One of the person's own daily check-ins; everyone else gets 404, a partner too."""
    return get_visible_or_404(DailyCheckIn.objects.filter(owner=user), user, key=key)


def own_checkins(user, days=None):
    """The person's own entries, newest first; only the last `days` days if given."""
    entries = DailyCheckIn.objects.filter(owner=user)
    if days is not None:
        entries = entries.filter(day__gt=today() - timedelta(days=days))
    return entries.order_by("-day")


def shared_checkins(user, days):
    """(partner, mine, theirs): the entries each partner shared with the other in the last
    `days` days, newest first. Only shared ones on both sides, so both see the same picture.
    With no partner, (None, none, none)."""
    partner = partner_of(user)
    if partner is None:
        nothing = DailyCheckIn.objects.none()
        return None, nothing, nothing
    shared = DailyCheckIn.objects.filter(
        audience__in=Audience.partner_audiences(), day__gt=today() - timedelta(days=days)
    ).order_by("-day")
    mine = shared.filter(owner=user)
    theirs = visible_to(shared, user).filter(owner=partner)
    return partner, mine, theirs
