"""A therapist's own session notes: reads and writes, always scoped to their author.

A note is found only through its author and a client that author holds an accepted
grant from: another therapist, a client, or anyone else gets 404. Notes are sealed
with the therapist's data key (see `SessionNote`). Edits carry the version they
started from; a stale one raises `Conflict` with what was saved meanwhile, and the
page shows both (the same pattern as the journal's two-device edits).
"""

from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404

from steadfast.core import idempotency

from .models import SessionNote


class Conflict(Exception):
    """The note was saved from elsewhere since the form was opened."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


def notes_about(therapist, client):
    """This therapist's notes about `client` (alone or in a couple session), newest first."""
    return (
        SessionNote.objects.filter(therapist=therapist)
        .filter(Q(client=client) | Q(partner=client))
        .order_by("-session_date", "-created_at", "-pk")
    )


def get_note(therapist, client, key):
    """One of this therapist's notes about `client`, or 404."""
    try:
        return notes_about(therapist, client).get(key=key)
    except SessionNote.DoesNotExist:
        raise Http404 from None


def last_session_date(therapist, client):
    """The latest session date on this therapist's notes about `client`, or None.

    One query; it reads no note text. The caseload dashboard and the pre-session
    summaries ask `last_session_dates` (many clients at once, planned dates left out).
    """
    found = notes_about(therapist, client).aggregate(last=Max("session_date"))
    return found["last"]


def last_session_dates(therapist, clients, until=None):
    """{client id: latest session date} for many clients in one query (for the caseload
    and the pre-session summaries). A note about a couple's session counts for both.
    `until`: leave out notes dated after this day (a session planned, not yet held)."""
    ids = [getattr(c, "pk", c) for c in clients]
    dates = {}
    if not ids:
        return dates
    rows = SessionNote.objects.filter(therapist=therapist, session_date__isnull=False).filter(
        Q(client_id__in=ids) | Q(partner_id__in=ids)
    )
    if until is not None:
        rows = rows.filter(session_date__lte=until)
    rows = rows.values_list("client_id", "partner_id", "session_date")
    for client_id, partner_id, day in rows:
        for person in (client_id, partner_id):
            if person in ids and (dates.get(person) is None or day > dates[person]):
                dates[person] = day
    return dates


def add(therapist, client, *, body, session_date=None, partner=None, submission_key=None):
    """A new note. The same form sent twice saves once; its key sent again with other
    words raises `idempotency.KeyReused`."""
    values = {"client": client, "partner": partner, "body": body, "session_date": session_date}
    if submission_key is None:
        return SessionNote.objects.create(therapist=therapist, **values)
    lookup = {"therapist": therapist, "submission_key": submission_key}
    return idempotency.create_once(SessionNote, lookup, values)


def save_edit(note, *, body, session_date, version):
    """Save over `note` if nobody saved it since `version`; else raise Conflict.

    The same words already saved (the same change made on two devices) are no conflict.
    """
    with transaction.atomic():
        current = SessionNote.objects.select_for_update().get(pk=note.pk)
        if current.version != version:
            if current.body == body and current.session_date == session_date:
                return current
            raise Conflict(current)
        current.body = body
        current.session_date = session_date
        current.version += 1
        current.save()
    return current


def delete(note):
    note.delete()
