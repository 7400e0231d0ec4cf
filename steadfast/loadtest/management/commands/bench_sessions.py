"""Logged-in sessions for the load benchmark, minted without a password check.

    python manage.py bench_sessions EMAIL [EMAIL ...] [--emails-file FILE]

For each email given (an email given twice gets two separate sessions, as two devices
would), this logs the account in exactly as the log-in page does once the password
was accepted: `django.contrib.auth.login` (session key, backend and the password-
derived hash; the log-in time the session clocks need; a fresh CSRF secret), and for a
therapist the second step too, as the code page does (`django_otp.login` with the
account's confirmed authenticator). The password itself is never hashed, which is the
point: a benchmark with hundreds of virtual users would otherwise spend minutes in
Argon2 before measuring anything.

It prints JSON on standard output: the cookie names, and per session its cookies and
the keys the benchmarked URLs need, taken only from what that account may open (its own
latest measure, an open conversation where it holds the floor, a therapist's couples
whose partners both granted access).

Sessions are written to whatever store the settings name (the database, or the cache
and the database with Redis), so run this with the same environment as the server.
"""

import json
from importlib import import_module

import django_otp
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.http import Http404
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.accounts.models import User
from steadfast.accounts.timezones import today_for

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class Command(BaseCommand):
    help = "Log accounts in without their passwords and print their session cookies as JSON."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help="accounts to log in (repeat for more)")
        parser.add_argument("--emails-file", help="a file with one email per line")

    def handle(self, *args, **options):
        emails = list(options["emails"])
        if options["emails_file"]:
            try:
                with open(options["emails_file"], encoding="utf-8") as handle:
                    emails += [line.strip() for line in handle if line.strip()]
            except OSError as error:
                raise CommandError(f"cannot read {options['emails_file']}: {error}") from error
        if not emails:
            raise CommandError("name at least one account (emails, or --emails-file)")
        users = {u.email.lower(): u for u in User.objects.filter(email__in=set(emails))}
        missing = sorted({e for e in emails if e.lower() not in users})
        if missing:
            raise CommandError(f"no account with these emails: {', '.join(missing)}")
        inactive = sorted({e for e in emails if not users[e.lower()].is_active})
        if inactive:
            raise CommandError(f"these accounts are deactivated: {', '.join(inactive)}")

        keys_of = {}  # the same account's keys are collected once
        sessions = []
        for email in emails:
            user = users[email.lower()]
            if user.pk not in keys_of:
                keys_of[user.pk] = keys_for(user)
            sessions.append({**mint_session(user), **keys_of[user.pk]})
        output = {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "sessions": sessions,
        }
        self.stdout.write(json.dumps(output, indent=1))


def mint_session(user):
    """A new session for `user`, logged in as the log-in (and code) page would leave it."""
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="bench")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    device = None
    if user.is_therapist:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{user.email} is a therapist without a confirmed authenticator: "
                "their pages would ask for a code"
            )
    login(request, user, backend=LOGIN_BACKEND)
    if device is not None:
        django_otp.login(request, device)
    request.session.save()
    return {
        "email": user.email,
        "role": "therapist" if user.is_therapist else "person",
        "session": request.session.session_key,
        # The CSRF cookie holds the secret; forms carry a masked token of it.
        "csrf_secret": request.META["CSRF_COOKIE"],
        "csrf_token": get_token(request),
    }


def keys_for(user):
    """The keys this account's benchmarked URLs need, from what it may open."""
    if user.is_therapist:
        return therapist_keys(user)
    return person_keys(user)


def person_keys(user):
    from steadfast.assessments import battery
    from steadfast.assessments.access import get_instrument_or_404, get_own_measure_for
    from steadfast.assessments.models import Measure
    from steadfast.checkins.models import DailyCheckIn, default_audience_for
    from steadfast.conversations.access import conversations_for, get_conversation_for
    from steadfast.conversations.models import Phase, Status

    today = today_for(user)
    # The daily form comes with today's entry's audience, or the person's default.
    current = DailyCheckIn.objects.filter(owner=user, day=today).values_list("audience").first()
    keys = {
        "today": today.isoformat(),
        "checkin_audience": current[0] if current else default_audience_for(user),
        "result": None,
        "instrument": None,
    }
    # The instrument with the longest history (questionnaires before safety screens),
    # and its latest result: the heaviest result page and chart this person has.
    counts = (
        Measure.objects.filter(owner=user)
        .values("instrument")
        .annotate(n=Count("pk"))
        .order_by("instrument")
    )
    ranked = sorted(
        counts, key=lambda row: (row["instrument"] in battery.SAFETY_INSTRUMENTS, -row["n"])
    )
    for row in ranked:
        latest = (
            Measure.objects.filter(owner=user, instrument=row["instrument"])
            .order_by("-completed_at", "-pk")
            .values_list("submission_key", flat=True)
            .first()
        )
        try:
            get_own_measure_for(user, latest)  # the result page's own access rule
            get_instrument_or_404(row["instrument"])  # the chart's
        except Http404:
            continue
        keys.update(result=str(latest), instrument=row["instrument"])
        break

    # The coach is posted from a conversation's draft box, shown to the one who holds
    # the floor in an open conversation.
    keys["conversation"] = None
    speaking = conversations_for(user).filter(
        status=Status.OPEN, phase=Phase.SPEAKING, speaker=user
    )
    for conversation in speaking[:5]:
        try:
            found = get_conversation_for(user, conversation.key)
        except Http404:
            continue
        keys.update(conversation=str(found.key), step=found.step)
        break
    return keys


def therapist_keys(user):
    from steadfast.practice import summary
    from steadfast.practice.models import Grant

    grants = list(
        Grant.objects.active()
        .filter(therapist=user)
        .order_by("pk")
        .values_list("key", "client_id", named=True)
    )
    couples, seen = [], set()
    for grant in grants:
        if grant.client_id in seen:
            continue
        try:
            pair = summary.couple_grants(user, grant.key)  # 404 unless both granted
        except Http404:
            continue
        seen.update(g.client_id for g in pair)
        couples.append(str(grant.key))
    return {"clients": len({g.client_id for g in grants}), "couples": couples}
