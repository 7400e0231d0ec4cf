"""Each person's own time zone: their "today" is theirs, not the server's.

An empty `User.time_zone` means the site's zone (settings.TIME_ZONE). Web requests run
in the person's zone (`PersonTimeZoneMiddleware`), so `timezone.localdate()` in a view
is already the person's day; code without a request (reminders, the calendar feed) asks
`zone_for` / `today_for` with the person in hand.
"""

import zoneinfo
from functools import cache

from django.conf import settings
from django.utils import timezone


@cache
def known_zones():
    return frozenset(zoneinfo.available_timezones())


@cache
def time_zone_choices():
    """Every IANA zone, grouped by region for the select; "Etc/..." and legacy aliases left out."""
    names = sorted(
        name
        for name in known_zones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("", f"The site's time zone ({settings.TIME_ZONE})")] + [
        (name, name.replace("_", " ")) for name in names
    ]


def zone_for(person):
    name = getattr(person, "time_zone", "") or settings.TIME_ZONE
    if name not in known_zones() and name != "UTC":
        name = settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def today_for(person, now=None):
    """The person's own date at `now` (default: this moment)."""
    return timezone.localtime(now or timezone.now(), zone_for(person)).date()


class PersonTimeZoneMiddleware:
    """Run each request of a logged-in person in their own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_for(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
