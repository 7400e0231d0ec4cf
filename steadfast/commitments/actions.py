"""Every write to a commitment goes through here, so its history stays append-only."""

from django.db import IntegrityError, transaction

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
    """A new commitment and its "created" event. A double submit saves once."""
    done = Commitment.objects.filter(owner=person, submission_key=submission_key).first()
    if done is not None:
        return done
    try:
        with transaction.atomic():
            commitment = Commitment.objects.create(
                owner=person,
                text=text,
                root=root,
                conversation=conversation,
                audience=audience,
                submission_key=submission_key,
                **schedule,
            )
            _event(commitment, EventKind.CREATED)
            return commitment
    except IntegrityError:
        return Commitment.objects.get(owner=person, submission_key=submission_key)


def renegotiate(commitment, *, text, schedule, root=""):
    """New words, root and schedule, with a "renegotiated" event holding them. They apply
    from the owner's today on; which earlier days were due stays as it was."""
    if not commitment.is_active:
        raise Refused("This promise is retired, so it can't be changed.")
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
    the same form submitted twice saves once."""
    existing = Mark.objects.filter(commitment=commitment, day=day).first()
    if existing is not None:
        if existing.submission_key == submission_key:
            return existing
        raise Refused(ALREADY_MARKED)
    try:
        with transaction.atomic():
            return Mark.objects.create(
                commitment=commitment,
                owner=commitment.owner,
                day=day,
                done=done,
                note=note,
                submission_key=submission_key,
            )
    except IntegrityError:
        existing = Mark.objects.get(commitment=commitment, day=day)
        if existing.submission_key == submission_key:
            return existing
        raise Refused(ALREADY_MARKED) from None


def acknowledge(commitment, partner, *, day, seen, submission_key):
    """The partner's acknowledgement of one occurrence; once per day."""
    lookup = {"commitment": commitment, "partner": partner, "day": day}
    existing = Acknowledgement.objects.filter(**lookup).first()
    if existing is not None:
        if existing.submission_key == submission_key:
            return existing
        raise Refused(ALREADY_ACKNOWLEDGED)
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                **lookup, seen=seen, submission_key=submission_key
            )
    except IntegrityError:
        existing = Acknowledgement.objects.get(**lookup)
        if existing.submission_key == submission_key:
            return existing
        raise Refused(ALREADY_ACKNOWLEDGED) from None
