"""Ending every other session of an account, at once, on any session engine.

When someone turns on two-step sign-in, makes new backup codes or removes their
authenticator, a session opened before (on a phone a controlling partner holds, or a
stolen cookie) must not live on. Its owner stays logged in where they made the change.

How: each account has a small counter, `User.session_generation`. Logging in copies it
into the session; `SessionGenerationMiddleware` compares the two on every request and
logs out a session whose copy is behind. `end_other_sessions` raises the counter and
gives the current session the new number (and a new key). This is what Django does for a
password change with HASH_SESSION_KEY, with a counter in place of the password hash.

Why this way:

* It does not need to find the other sessions. The db and cached_db engines (the two
  this project uses) cannot list a user's sessions without reading every session, and
  Redis would need a second index kept in step. A stale session is found when it is next
  used, which is the only moment it matters.
* The counter lives on the user row, which every request loads anyway: no extra query.
  Django's session hash is left alone (it is private API, and it is also how a password
  change and a password reset end sessions, which keep working as before).
* It is raised with one atomic UPDATE, and `User.save` never writes it back from a stale
  copy, so two requests racing cannot bring an ended session back.

Sessions from before this existed carry no number and count as generation 0, so
deploying it logs nobody out.

Password changes are covered by Django already (`update_session_auth_hash` in
PasswordChangeView ends the others; a reset ends them all), so they do not call this.
"""

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.dispatch import receiver

from .models import User

GENERATION_KEY = "steadfast_session_generation"


def end_other_sessions(request):
    """End every session of `request.user` except this one, which gets a new key."""
    user = request.user
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    request.session.cycle_key()
    request.session[GENERATION_KEY] = user.session_generation


@receiver(user_logged_in)
def remember_generation(sender, request, user, **kwargs):
    """A new session starts at the account's current generation (read fresh: the user
    object handed to login() may be older than the last change)."""
    if request is not None and hasattr(request, "session"):
        user.refresh_from_db(fields=["session_generation"])
        request.session[GENERATION_KEY] = user.session_generation


class SessionGenerationMiddleware:
    """Log out a session that an account change has ended (see the module docstring).

    Goes right after AuthenticationMiddleware, so that nothing later sees the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        ended = user.is_authenticated and (
            request.session.get(GENERATION_KEY, 0) != user.session_generation
        )
        if ended:
            logout(request)
        return self.get_response(request)
