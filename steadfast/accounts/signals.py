import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGIN_TIME_KEY = "steadfast_login_time"
LAST_SEEN_KEY = "steadfast_last_seen"


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    """Start the absolute session clock (see AbsoluteSessionTimeoutMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = request.session[LAST_SEEN_KEY] = int(time.time())
