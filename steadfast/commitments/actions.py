"""Every write to a commitment goes through here, so its history stays append-only."""

from django.db import IntegrityError, transaction

from steadfast.core import idempotency

from .models import Acknowledgement, Commitment, CommitmentEvent, EventKind, Mark, Status

SCHEDULE_FIELDS = ("kind", "weekdays", "start", "end")
# What an event copies from the commitment: the words, the root and the schedule.
EVENT_FIELDS = ("text", "root", *SCHEDULE_FIELDS)


class Refused(Exception):
    """A request the record cannot take; the message is for the person."""


def _event(commitment, kind):
    event = CommitmentEvent.objects.create(
        commitment=commitment,
        owner=commitment.owner,
        event=kind,
        **{name: getattr(commitment, name) for name in EVENT_FIELDS},
    )
    commitment.forget_history()
    return event


def make_commitment(
    person, *, text, schedule, audience, submission_key, root="", conversation=None
):
    """A new commitment and its "created" event. A double submit saves once; the same key
    with other words or another schedule raises `idempotency.KeyReused`."""
    lookup = {"owner": person, "submission_key": submission_key}
    values = {
        "text": text,
        "root": root,
        "conversation": conversation,
        "audience": audience,
        **schedule,
    }

    def create():
        commitment = Commitment.objects.create(**lookup, **values)
        _event(commitment, EventKind.CREATED)
        return commitment

    return idempotency.create_once(Commitment, lookup, values, create=create)


def renegotiate(commitment, *, text, schedule, root=""):
    """New words, root and schedule, with a "renegotiated" event holding them. They apply
    from the owner's today on; which earlier days were due stays as it was. Nothing new
    (the same form sent twice) adds no event: the history holds changes only."""
    if not commitment.is_active:
        raise Refused("This promise is retired, so it can't be changed.")
    if not idempotency.differences(commitment, {"text": text, "root": root, **schedule}):
        return commitment
    with transaction.atomic():
        commitment.text = text
        commitment.root = root
        for name, value in schedule.items():
            setattr(commitment, name, value)
        commitment.save()
        _event(commitment, EventKind.RENEGOTIATED)
    return commitment


def retire(commitment):
    if not commitment.is_active:
        return commitment
    with transaction.atomic():
        commitment.status = Status.RETIRED
        commitment.save(update_fields=["status", "updated_at"])
        _event(commitment, EventKind.RETIRED)
    return commitment


ALREADY_MARKED = "That day is already marked. A mark stays as it was first saved."
ALREADY_ACKNOWLEDGED = "You already answered for that day. An answer stays as it was first saved."


def mark(commitment, *, day, done, note, submission_key):
    """The owner's mark for one occurrence. A second mark for the same day is refused;
    the same form submitted twice saves once (with other answers: `KeyReused`)."""
    lookup = {"owner": commitment.owner, "submission_key": submission_key}
    values = {"commitment": commitment, "day": day, "done": done, "note": note}

    def create():
        if Mark.objects.filter(commitment=commitment, day=day).exists():
            raise Refused(ALREADY_MARKED)
        return Mark.objects.create(**lookup, **values)

    try:
        return idempotency.create_once(Mark, lookup, values, create=create)
    except IntegrityError:  # another form marked that day a moment ago
        raise Refused(ALREADY_MARKED) from None


def acknowledge(commitment, partner, *, day, seen, submission_key):
    """The partner's acknowledgement of one occurrence; once per day (the same form twice
    saves once; with another answer: `KeyReused`)."""
    lookup = {"partner": partner, "submission_key": submission_key}
    values = {"commitment": commitment, "day": day, "seen": seen}

    def create():
        answered = Acknowledgement.objects.filter(commitment=commitment, partner=partner, day=day)
        if answered.exists():
            raise Refused(ALREADY_ACKNOWLEDGED)
        return Acknowledgement.objects.create(**lookup, **values)

    try:
        return idempotency.create_once(Acknowledgement, lookup, values, create=create)
    except IntegrityError:  # another form answered for that day a moment ago
        raise Refused(ALREADY_ACKNOWLEDGED) from None
