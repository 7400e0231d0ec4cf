import time

from django.conf import settings
from django.contrib.auth import logout

from .signals import LAST_SEEN_KEY, LOGIN_TIME_KEY


class AbsoluteSessionTimeoutMiddleware:
    """End a session after 30 minutes idle, and 12 hours after log-in however active.

    Django's own idle limit (`SESSION_COOKIE_AGE` with `SESSION_SAVE_EVERY_REQUEST`)
    is kept, but it is enforced by whatever stores sessions (a database row's expiry
    date, Redis's key lifetime), so the app checks both limits itself as well, the
    same way on every backend. A session without a recorded log-in time is expired.
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
            else:
                request.session[LAST_SEEN_KEY] = int(now)
        return self.get_response(request)
