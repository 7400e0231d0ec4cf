"""Two-step sign-in: an authenticator app (TOTP) and ten single-use backup codes.

Built on django-otp (TOTPDevice, StaticDevice), with three of its defaults changed:

* Backup codes are stored as digests, not as the codes themselves (django-otp keeps
  static tokens in plain text). A code has 80 random bits, so an unsalted digest
  cannot be reversed by guessing; see `_digest`.
* django-otp's own throttle is off (settings.py says why). A wrong code counts as a
  failed log-in for django-axes, per (account, client), with the usual cool-off.
* The authenticator entry is labelled with the discreet name for a person in discreet
  mode, so the app list on a phone does not name Steadfast.

Therapists must set it up before they see any client data. People may turn it on,
and off again; it is never forced on them, because a controlling partner may hold
the phone that the codes come from.

Turning it on, making new backup codes and turning it off each end every other session
of the account (`steadfast.accounts.sessions`): a session someone else holds must not
outlive the change that was meant to shut them out. The session making the change stays.
"""

import base64
import hashlib
import secrets
import time
from urllib.parse import quote, urlencode

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from steadfast.accounts.models import User
from steadfast.accounts.sessions import end_other_sessions

BACKUP_CODE_COUNT = 10
PENDING_KEY = "steadfast_two_step"
SETUP_KEY = "steadfast_two_step_setup"
APP_NAME = "Steadfast"


# --- State ------------------------------------------------------------------------------


def is_verified(user):
    """Has this request's session passed the second step? (Set by django-otp's middleware.)"""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_second_step(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def redirect_to_second_step(request):
    """Send a logged-in account to set up, or to pass, its second step, then come back."""
    name = "twofactor:verify" if has_second_step(request.user) else "twofactor:setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


# --- The authenticator app --------------------------------------------------------------


def unconfirmed_device(request):
    """The authenticator being set up: its key waits in the session, and nothing is
    stored until the first code confirms it."""
    key = request.session.get(SETUP_KEY)
    if key is None:
        key = request.session[SETUP_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, name="authenticator", key=key, confirmed=False)


def secret_of(device):
    """The shared secret as authenticator apps take it: base32, no padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def otpauth_uri(user, device):
    issuer = settings.DISCREET_NAME if user.discreet else APP_NAME
    label = quote(f"{issuer}:{user.email}")
    query = urlencode(
        {
            "secret": secret_of(device),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def qr_data_uri(uri):
    """The QR code as an inline SVG: no request leaves the page (CSP allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")


@transaction.atomic
def confirm_device(request, device, code):
    """Store a new authenticator once its first code matches; the session then counts as
    verified and every other session of the account ends. Returns the new backup codes
    (shown once), or None when the code is wrong.
    """
    digits = _digits(code)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if len(digits) != device.digits or not totp.verify(int(digits), device.tolerance):
        return None
    device.last_t = totp.t()  # this code is spent: it cannot log in a second time
    device.confirmed = True
    TOTPDevice.objects.filter(user=device.user).delete()
    device.save()
    codes = new_backup_codes(device.user)
    del request.session[SETUP_KEY]
    django_otp.login(request, device)
    end_other_sessions(request)
    return codes


@transaction.atomic
def turn_off(request):
    """Remove every second step of this account; its other sessions end."""
    TOTPDevice.objects.filter(user=request.user).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    end_other_sessions(request)


# --- Backup codes -----------------------------------------------------------------------


def _normalise(code):
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _digest(code):
    """16 characters (django-otp's column holds 16): 80 bits of SHA-256 of the code."""
    raw = hashlib.sha256(_normalise(code).encode()).digest()[:10]
    return base64.b32encode(raw).decode().lower()


def _digits(code):
    return "".join(ch for ch in (code or "") if ch.isdigit())


@transaction.atomic
def replace_backup_codes(request):
    """New backup codes asked for from the settings page; other sessions end."""
    codes = new_backup_codes(request.user)
    end_other_sessions(request)
    return codes


def new_backup_codes(user):
    """Replace the account's backup codes with ten new ones, returned once, kept as digests."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = []
    for _ in range(BACKUP_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_digest(c)) for c in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Checking a code --------------------------------------------------------------------


def verify_code(user, code):
    """The device that accepts `code` (a 6-digit code or a backup code), else None.

    Each is single-use: django-otp refuses a TOTP step already used, and deletes a
    backup code once it matched.
    """
    code = (code or "").strip()
    if not code:
        return None
    digits = _digits(code)
    if len(digits) == len(code.replace(" ", "")) and len(digits) == 6:
        candidates = TOTPDevice.objects.filter(user=user, confirmed=True)
        token = digits
    else:
        candidates = StaticDevice.objects.filter(user=user, confirmed=True)
        token = _digest(code)
    for device in candidates:
        found = django_otp.verify_token(user, device.persistent_id, token)
        if found is not None:
            return found
    return None


def _credentials(user):
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def allowed(request, user):
    """False while this (account, client) is in its log-in cool-off."""
    return AxesProxyHandler.is_allowed(request, _credentials(user))


def count_failure(request, user):
    """A wrong code counts like a wrong password (django-axes; a cool-off, never a lock)."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


# --- A log-in waiting for its second step ------------------------------------------------


def start_pending_login(request, user, next_url):
    """The password was right: remember who, for a few minutes, and ask for a code."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "since": int(time.time()),
    }
    return redirect("twofactor:verify")


def pending_login(request):
    """(user, pending state) of a log-in waiting for its code, or (None, None)."""
    state = request.session.get(PENDING_KEY)
    if not state:
        return None, None
    if time.time() - state.get("since", 0) > settings.TWO_STEP_PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None, None
    user = User.objects.filter(pk=state.get("user"), is_active=True).first()
    return user, state


def finish_pending_login(request, user, state, device):
    del request.session[PENDING_KEY]
    login(request, user, backend=state["backend"])
    django_otp.login(request, device)
    return _safe_next(request, state.get("next")) or settings.LOGIN_REDIRECT_URL
