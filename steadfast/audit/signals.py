"""Log-ins, log-outs and refused passwords or codes, from Django's auth signals.

Django sends these for every way in and out: the log-in page, the second step
(`steadfast.practice.twofactor`, which also reports a wrong code as a failed log-in, for
django-axes), a password re-entered to confirm a change, the quick exit, and the
middleware that ends timed-out or superseded sessions. django-axes listens to the same
signals for its throttling; nothing here changes what it sees.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import actions
from .models import Kind

TWO_STEP_SENDER = "steadfast.practice.twofactor"


@receiver(user_logged_in, dispatch_uid="audit_login")
def logged_in(sender, request, user, **kwargs):
    actions.record(user, Kind.LOGIN, request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logged_out(sender, request, user, **kwargs):
    if user is None or not getattr(user, "pk", None):
        return  # a quick exit or a log-out without a session: nobody to write about
    # A view's log-out (the button, the quick exit: the two look the same, on purpose, so
    # the page never shows that the quick exit was used); middleware's log-out happens
    # before any view is chosen: an idle or too-old session, or one ended by a change.
    chosen_view = getattr(request, "resolver_match", None) is not None
    actions.record(user, Kind.LOGOUT if chosen_view else Kind.SESSION_ENDED, request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get("email")
    if sender == TWO_STEP_SENDER:
        how = "code"
    elif request is not None and getattr(getattr(request, "user", None), "is_authenticated", False):
        how = "recheck"  # a password re-entered to confirm a change, in an open session
    else:
        how = "password"
    actions.record_failed_login(username, request, how=how)
