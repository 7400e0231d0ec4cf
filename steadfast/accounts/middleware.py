import time

from django.conf import settings
from django.contrib.auth import logout

from .signals import LAST_SEEN_KEY, LOGIN_TIME_KEY


class AbsoluteSessionTimeoutMiddleware:
    """End a session after 30 minutes idle, and 12 hours after log-in however active.

    The last-seen time is written back at most every `SESSION_TOUCH_SECONDS` (a minute),
    which also renews the cookie and the stored session's expiry (`SESSION_COOKIE_AGE`);
    between two writes a session costs no database write. The stored expiry depends on
    whatever keeps sessions (a database row's date, Redis's key lifetime), so the app
    checks both limits itself as well, the same way on every backend: idle means no
    request for 30 minutes, counted to within that minute. A session without a recorded
    log-in time is expired.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(LOGIN_TIME_KEY)
            last_seen = request.session.get(LAST_SEEN_KEY, started)
            if (
                started is None
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
                or now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif now - last_seen >= settings.SESSION_TOUCH_SECONDS:
                # Writing marks the session changed, so it is saved and its cookie and
                # stored expiry move on; in between, nothing is written back.
                request.session[LAST_SEEN_KEY] = int(now)
        return self.get_response(request)
