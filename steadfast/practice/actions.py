"""Writes of the practice app: therapists' accounts, grants, the access log."""

import contextlib
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from steadfast import audit
from steadfast.accounts.models import User

from . import emails
from .categories import CATEGORY_FIELDS, category_of
from .models import AccessRead, Grant, TherapistLink


class Refused(Exception):
    """An operator's request that the current state does not allow; the message says why."""


def digest_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


# --- Therapist accounts (operators) -----------------------------------------------------


def invite_therapist(email, name):
    """Create a therapist account without a password, or renew the link of one that has
    not set it yet, and email the link to the therapist. Returns (link, its one-time
    set-password path, relative to the site); `link.emailed` says whether the email went
    (the caller shows the link either way, for operators without a mail server)."""
    link, path = _new_therapist_link(email, name)
    # After the write is committed (when nothing outside holds a transaction open): the
    # mail server's pace must not hold the database.
    link.emailed = emails.send_therapist_link(link, path)
    return link, path


@transaction.atomic
def _new_therapist_link(email, name):
    email = User.objects.normalize_email(email)
    name = (name or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(f"{email!r} is not an email address.") from None
    if not name:
        raise Refused("A name is needed: clients see it when they grant access.")
    if len(name) > User._meta.get_field("display_name").max_length:
        raise Refused("That name is too long (60 characters at most).")
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, display_name=name, role=User.Role.THERAPIST
        )
    elif user.is_person:
        raise Refused(
            f"{email} belongs to a person's account. A person's account is never turned "
            "into a therapist's: the therapist needs an address of their own."
        )
    elif not user.is_active:
        raise Refused(f"The therapist account {email} is switched off; switch it on first.")
    elif user.has_usable_password():
        raise Refused(
            f"The therapist {email} has already chosen a password. If it is lost, they can "
            "reset it from the log-in page."
        )
    # Earlier links for this account stop working: only the newest one counts.
    TherapistLink.objects.filter(therapist=user, used_at__isnull=True).delete()
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    link = TherapistLink.objects.create(
        therapist=user,
        digest=digest_secret(secret),
        created_at=now,
        expires_at=now + timedelta(hours=settings.THERAPIST_LINK_HOURS),
    )
    return link, reverse("practice:welcome", args=[secret])


def find_link(secret):
    """The usable link with this secret, or None (unknown, used or expired: all alike)."""
    link = (
        TherapistLink.objects.select_related("therapist")
        .filter(digest=digest_secret(secret))
        .first()
    )
    if link is None or not link.is_usable() or not link.therapist.is_active:
        return None
    return link


@transaction.atomic
def use_link(link, password):
    """Set the therapist's password through the link, once. None if it was used meanwhile."""
    link = TherapistLink.objects.select_for_update().select_related("therapist").get(pk=link.pk)
    if not link.is_usable():
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    therapist = link.therapist
    therapist.set_password(password)
    therapist.save(update_fields=["password"])
    audit.record(therapist, "password_set")
    return therapist


# --- Grants (clients) -------------------------------------------------------------------


def invite(client, therapist_email, categories):
    """Invite the therapist at this address, or change what a standing invitation covers.

    The same rows are written, the same queries run and the same email is sent, whether
    or not the address is a therapist's here: the client cannot find out (no
    enumeration). A new invitation emails the address once, naming nobody
    (`emails.send_grant_invitation`); changing a standing one sends nothing.
    """
    therapist_email = User.objects.normalize_email(therapist_email)
    values = {field: field in categories for field in CATEGORY_FIELDS}
    try:
        with transaction.atomic():
            grant, created = Grant.objects.update_or_create(
                client=client, therapist_email=therapist_email, defaults=values
            )
    except IntegrityError:  # the same invitation sent twice at once: the other one emails
        return Grant.objects.get(client=client, therapist_email=therapist_email)
    if created:
        emails.send_grant_invitation(therapist_email)
    return grant


def change_categories(grant, categories):
    for field in CATEGORY_FIELDS:
        setattr(grant, field, field in categories)
    grant.save(update_fields=list(CATEGORY_FIELDS))
    return grant


def revoke(grant):
    """End the grant at once. Nothing is sent; the client simply leaves the caseload."""
    grant.delete()


@transaction.atomic
def accept(grant, therapist):
    """The therapist accepts an invitation addressed to their email."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.therapist_id is None:
        grant.therapist = therapist
        grant.accepted_at = timezone.now()
        grant.save(update_fields=["therapist", "accepted_at"])
        audit.record(grant.client, "grant_accepted")  # no request: nothing of the therapist's
    return grant


# --- The access log ---------------------------------------------------------------------

# A therapist's second read of the same record within this many minutes is not logged again.
REPEAT_READ_MINUTES = 15


def log_reads(therapist, records):
    """Write one access-log row per record a therapist is being shown. Call it from every
    therapist view that shows client data, with exactly the records it shows."""
    return log_read_rows(therapist, read_rows(records))


def read_rows(records):
    """[(client id, category, model label, record key)]: what the log keeps of each record."""
    rows = []
    for record in records:
        key = getattr(record, "key", None) or getattr(record, "submission_key", None)
        rows.append(
            (
                record.owner_id,
                category_of(record),
                record._meta.label_lower,
                str(key if key is not None else record.pk),
            )
        )
    return rows


def log_read_rows(therapist, rows):
    """Write the access-log rows `read_rows` made (or a cached copy of them), leaving out
    what this therapist was already logged reading in the last `REPEAT_READ_MINUTES`: a
    caseload reloaded ten times in a minute is one read of each record, not ten (the
    client's log page says so)."""
    now = timezone.now()
    rows = list(dict.fromkeys(rows))
    # The same rows logged by this process or another within the window: nothing to read or
    # write (a page reloaded). Only a shortcut: without the note, the query below decides.
    note = _logged_note(therapist, rows)
    if _cache_get(note):
        return []
    clients = {client_id for client_id, *_ in rows}
    if clients:
        recent = set(
            AccessRead.objects.filter(
                client_id__in=clients,
                therapist=therapist,
                at__gt=now - timedelta(minutes=REPEAT_READ_MINUTES),
            )
            .values_list("client_id", "category", "model_label", "record_key")
            .distinct()
        )
        rows = [row for row in rows if row not in recent]
    reads = [
        AccessRead(
            client_id=client_id,
            therapist=therapist,
            therapist_name=therapist.display_name,
            category=category,
            model_label=label,
            record_key=key,
            at=now,
        )
        for client_id, category, label, key in rows
    ]
    AccessRead.objects.bulk_create(reads)
    transaction.on_commit(lambda: _cache_set(note, REPEAT_READ_MINUTES * 60))
    return reads


def _logged_note(therapist, rows):
    digest = hashlib.sha256(repr((therapist.pk, sorted(rows))).encode()).hexdigest()
    return f"steadfast:logged:{therapist.pk}:{digest}"


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # a cache that is down costs a query, nothing else
        return None


def _cache_set(key, seconds):
    with contextlib.suppress(Exception):
        cache.set(key, True, seconds)
