import time

from django.conf import settings
from django.contrib.auth import logout

from .signals import LOGIN_TIME_KEY


class AbsoluteSessionTimeoutMiddleware:
    """End a session 12 hours after log-in, however active it has been.

    The 30-minute idle limit is Django's own (`SESSION_COOKIE_AGE` with
    `SESSION_SAVE_EVERY_REQUEST`); Django has no absolute limit, so this adds it.
    A session without a recorded log-in time is treated as expired.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_TIME_KEY)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)
