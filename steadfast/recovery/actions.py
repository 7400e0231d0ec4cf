"""Every write on the repair path goes through here: atomic, and checked against the
state saved now (not the state the form was shown with)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.commitments.actions import make_commitment
from steadfast.core import idempotency
from steadfast.core.access import partner_of
from steadfast.core.models import Audience

from .access import couple_id_of
from .models import (
    Answer,
    Choice,
    Decision,
    Letter,
    LimitsProposal,
    Offer,
    Pathway,
    Question,
    Reflection,
    Reply,
)

NOT_LINKED = "Link with your partner first: the path is for the two of you."
ALREADY_STARTED = "The two of you already have a path. You can find it below."
PAUSED = "The path is paused, so the shared steps wait. Private writing is still yours."
NOT_JOINED = "Your partner hasn't joined yet, so the shared steps wait."
ONLY_HURT_LETTER = "The letter is written by the partner who was hurt."
LETTER_SENT = "This letter has already been sent, so it stays as it was sent."
NO_LETTER = "There is no letter to reply to yet."
ONLY_REPAIRER_REPLIES = "The reply is written by the partner who broke trust."
REPLY_SENT = "Your reply has already been sent, so it stays as it was sent."
HURT_PROPOSES_FIRST = (
    "The partner who was hurt suggests the first limits. You can answer with your own "
    "suggestion once they have."
)
NOT_LATEST = "A newer suggestion has been made since you opened this page. Look at it below."
OWN_PROPOSAL = "You made this suggestion, so it is your partner's to accept."
ALREADY_AGREED = "These limits are already agreed."
NO_LIMITS = "Agree on limits together first. Then questions can begin."
ONLY_HURT_ASKS = "Questions are asked by the partner who was hurt."
ONLY_REPAIRER_ANSWERS = "Questions are answered by the partner who broke trust."
ALREADY_ANSWERED = "This question already has an answer, and it stays as it was given."
ONLY_REPAIRER_OFFERS = "Transparency is offered by the partner who broke trust, never asked for."
DECIDED = "You both answered, so your answers are shown to each other and stay as they are."
WEEK = timedelta(days=7)


class Refused(Exception):
    """A request the path cannot take; the message is for the person."""


class Conflict(Exception):
    """The record changed elsewhere since the form was opened; `current` is the saved one."""

    def __init__(self, current):
        super().__init__("changed elsewhere")
        self.current = current


def _shared_step(pathway):
    if not pathway.joined:
        raise Refused(NOT_JOINED)
    if pathway.paused:
        raise Refused(PAUSED)


# --- Starting, joining, pausing -------------------------------------------------------


def start_pathway(person, *, role, submission_key):
    """A pathway for `person`'s couple, with `person` in the role they chose. The same form
    sent twice returns the first pathway; with another role: `idempotency.KeyReused`."""
    lookup = {"starter": person, "submission_key": submission_key}
    same_form = {"starter_role": role}
    sent = idempotency.saved_with_key(Pathway, lookup)
    if sent is not None:
        return idempotency.same_or_refuse(sent, same_form)
    partner = partner_of(person)
    if partner is None:
        raise Refused(NOT_LINKED)
    couple_id = couple_id_of(person)
    if Pathway.objects.filter(couple_id=couple_id).exists():
        raise Refused(ALREADY_STARTED)
    try:
        with transaction.atomic():
            return Pathway.objects.create(
                **lookup, couple_id=couple_id, invitee=partner, starter_role=role
            )
    except IntegrityError:
        # This form, sent twice at once: the first one stands. Or both partners started
        # one at the same moment: the first one stands too.
        sent = list(Pathway.objects.filter(**lookup)[:1])
        if sent:
            return idempotency.same_or_refuse(sent[0], same_form)
        raise Refused(ALREADY_STARTED) from None


def join(pathway, person):
    if pathway.is_starter(person) or pathway.joined:
        return pathway
    pathway.joined_at = timezone.now()
    pathway.declined_at = None
    pathway.save(update_fields=["joined_at", "declined_at"])
    return pathway


def decline(pathway, person):
    """Only the invitee ever sees this; the starter still reads "not joined yet"."""
    if pathway.is_starter(person) or pathway.joined:
        return pathway
    pathway.declined_at = timezone.now()
    pathway.save(update_fields=["declined_at"])
    return pathway


def set_paused(pathway, person, paused):
    """Pause or resume one's own side. Either partner may pause alone, at any time; the
    other is told only that the path is paused."""
    field = "paused_by_starter" if pathway.is_starter(person) else "paused_by_invitee"
    setattr(pathway, field, paused)
    pathway.save(update_fields=[field])
    return pathway


# --- Writing that can be edited on two devices ----------------------------------------


def _save_versioned(model, lookup, *, version, text_fields, create_fields=None):
    """Create or update the one row of `model` matching `lookup`, from version `version`
    (0: the form was opened before there was a row). An edit from an older version raises
    Conflict, unless it holds exactly what is saved (the same form sent twice)."""
    with transaction.atomic():
        current = model.objects.select_for_update().filter(**lookup).first()
        if current is None:
            try:
                with transaction.atomic():
                    return model.objects.create(**lookup, **text_fields, **(create_fields or {}))
            except IntegrityError:
                current = model.objects.get(**lookup)
                if all(getattr(current, name) == value for name, value in text_fields.items()):
                    return current
                raise Conflict(current) from None
        if all(getattr(current, name) == value for name, value in text_fields.items()):
            return current
        if current.version != version:
            raise Conflict(current)
        for name, value in text_fields.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*text_fields, "version", "updated_at"])
        return current


def save_reflection(pathway, person, *, prompt, text, version):
    lookup = {"pathway": pathway, "owner": person, "prompt": prompt.key}
    return _save_versioned(Reflection, lookup, version=version, text_fields={"text": text})


def share_reflection(reflection, audience):
    """Share one piece with the partner, or take it back ("private") at once."""
    reflection.audience = audience
    reflection.save(update_fields=["audience", "updated_at"])
    return reflection


def _send(record):
    record.sent_at = timezone.now()
    record.audience = Audience.PARTNER
    record.save(update_fields=["sent_at", "audience", "updated_at"])
    return record


def save_letter(pathway, person, *, text, version, send):
    if not pathway.is_hurt(person):
        raise Refused(ONLY_HURT_LETTER)
    if send:
        _shared_step(pathway)
    with transaction.atomic():
        saved = Letter.objects.select_for_update().filter(pathway=pathway).first()
        if saved is not None and saved.is_sent:
            if saved.text == text:
                return saved
            raise Refused(LETTER_SENT)
        letter = _save_versioned(
            Letter,
            {"pathway": pathway, "owner": person},
            version=version,
            text_fields={"text": text},
        )
        return _send(letter) if send else letter


def save_reply(letter, person, *, text, version, send):
    if letter.pathway.repairer_id != person.pk:
        raise Refused(ONLY_REPAIRER_REPLIES)
    if send:
        _shared_step(letter.pathway)
    with transaction.atomic():
        saved = Reply.objects.select_for_update().filter(letter=letter).first()
        if saved is not None and saved.is_sent:
            if saved.text == text:
                return saved
            raise Refused(REPLY_SENT)
        reply = _save_versioned(
            Reply,
            {"letter": letter, "owner": person},
            version=version,
            text_fields={"text": text},
        )
        return _send(reply) if send else reply


# --- Limits, questions and answers ----------------------------------------------------


def latest_proposal(pathway):
    return LimitsProposal.objects.filter(pathway=pathway).order_by("-created_at", "-pk").first()


def agreed_limits(pathway):
    return (
        LimitsProposal.objects.filter(pathway=pathway, accepted_at__isnull=False)
        .order_by("-accepted_at", "-pk")
        .first()
    )


def propose_limits(pathway, person, *, per_week, topics, other_limits, submission_key):
    """A suggestion, seen by both at once. The hurt partner suggests first; after that
    either may answer with a new suggestion, which replaces the open one. The same form
    sent twice saves once (with other limits: `idempotency.KeyReused`)."""
    lookup = {"owner": person, "submission_key": submission_key}
    values = {
        "pathway": pathway,
        "per_week": per_week,
        "topics": ",".join(sorted(topics)),
        "other_limits": other_limits,
    }

    def create():
        _shared_step(pathway)
        if latest_proposal(pathway) is None and not pathway.is_hurt(person):
            raise Refused(HURT_PROPOSES_FIRST)
        return LimitsProposal.objects.create(**lookup, **values, audience=Audience.PARTNER)

    return idempotency.create_once(LimitsProposal, lookup, values, create=create)


def accept_limits(pathway, person, proposal_key):
    """Agree to the latest suggestion, which the partner made. Both have then agreed."""
    _shared_step(pathway)
    with transaction.atomic():
        latest = (
            LimitsProposal.objects.select_for_update()
            .filter(pathway=pathway)
            .order_by("-created_at", "-pk")
            .first()
        )
        if latest is None or latest.key != proposal_key:
            raise Refused(NOT_LATEST)
        if latest.accepted_at is not None:
            return latest
        if latest.owner_id == person.pk:
            raise Refused(OWN_PROPOSAL)
        latest.accepted_at = timezone.now()
        latest.save(update_fields=["accepted_at"])
        return latest


def asked_this_week(pathway, now=None):
    since = (now or timezone.now()) - WEEK
    return list(
        Question.objects.filter(pathway=pathway, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )


def limit_reached_message(limits, asked):
    """Why one more question can't be asked now, and from when it can."""
    next_day = timezone.localtime(asked[-limits.per_week] + WEEK)
    return (
        f"You agreed on {limits.per_week} question{'s' if limits.per_week != 1 else ''} a "
        f"week, and {len(asked)} {'has' if len(asked) == 1 else 'have'} been asked in the last "
        f"seven days. You can ask the next one from {next_day:%-d %B, %H:%M}. "
        "The limit protects you both; it is not a judgement of your question."
    )


def ask(pathway, person, *, text, submission_key):
    """One question, within the agreed limits. The same form sent twice saves once (with
    other words: `idempotency.KeyReused`)."""
    lookup = {"owner": person, "submission_key": submission_key}
    values = {"pathway": pathway, "text": text}

    def create():
        if not pathway.is_hurt(person):
            raise Refused(ONLY_HURT_ASKS)
        _shared_step(pathway)
        # Lock the pathway so two questions sent at once can't both slip under the limit.
        Pathway.objects.select_for_update().filter(pk=pathway.pk).first()
        limits = agreed_limits(pathway)
        if limits is None:
            raise Refused(NO_LIMITS)
        asked = asked_this_week(pathway)
        if len(asked) >= limits.per_week:
            raise Refused(limit_reached_message(limits, asked))
        return Question.objects.create(**lookup, **values, audience=Audience.PARTNER)

    return idempotency.create_once(Question, lookup, values, create=create)


def answer(question, person, *, kind, text):
    pathway = question.pathway
    if pathway.repairer_id != person.pk:
        raise Refused(ONLY_REPAIRER_ANSWERS)
    _shared_step(pathway)
    try:
        with transaction.atomic():
            return Answer.objects.create(
                question=question, owner=person, audience=Audience.PARTNER, kind=kind, text=text
            )
    except IntegrityError:
        saved = Answer.objects.get(question=question)
        if saved.owner_id == person.pk and saved.kind == kind and saved.text == text:
            return saved
        raise Refused(ALREADY_ANSWERED) from None


# --- Transparency, offered --------------------------------------------------------------


def offer(pathway, person, *, text, as_promise, submission_key):
    """Something the partner who broke trust chooses to offer, seen by both. With
    `as_promise` it is also a daily promise in their ledger, shared with the partner.
    The same form sent twice saves once (with other words: `idempotency.KeyReused`)."""
    lookup = {"owner": person, "submission_key": submission_key}
    same_form = {"pathway": pathway, "text": text}

    def same_or_refuse(saved):
        if (saved.commitment_id is not None) != bool(as_promise):
            raise idempotency.KeyReused(saved)
        return idempotency.same_or_refuse(saved, same_form)

    sent = idempotency.saved_with_key(Offer, lookup)
    if sent is not None:
        return same_or_refuse(sent)
    if pathway.repairer_id != person.pk:
        raise Refused(ONLY_REPAIRER_OFFERS)
    _shared_step(pathway)
    try:
        with transaction.atomic():
            commitment = None
            if as_promise:
                commitment = make_commitment(
                    person,
                    text=text,
                    schedule={
                        "kind": "daily",
                        "weekdays": "",
                        "start": timezone.localdate(),
                        "end": None,
                    },
                    audience=Audience.PARTNER,
                    submission_key=submission_key,
                )
            return Offer.objects.create(
                **lookup, **same_form, audience=Audience.PARTNER, commitment=commitment
            )
    except IntegrityError:  # this form, sent twice at once: the first one stands
        sent = list(Offer.objects.filter(**lookup)[:1])
        if not sent:
            raise
        return same_or_refuse(sent[0])


def withdraw_offer(offer_record):
    """Offered freely, so it can be taken back; the partner sees that it was."""
    if offer_record.withdrawn_at is None:
        offer_record.withdrawn_at = timezone.now()
        offer_record.save(update_fields=["withdrawn_at"])
    return offer_record


# --- Deciding how to go on ---------------------------------------------------------------


def decide(pathway, person, *, choice, note, version):
    """Record how `person` wants to go on. Both answers stay private until both exist;
    then both are shared at once, and stay as they are."""
    if choice not in Choice.values:
        raise Refused("Choose one of the options shown.")
    with transaction.atomic():
        Pathway.objects.select_for_update().filter(pk=pathway.pk).first()
        mine = Decision.objects.filter(pathway=pathway, owner=person).first()
        if mine is not None and mine.audience != Audience.PRIVATE:
            if (mine.choice, mine.note) == (choice, note):
                return mine
            raise Refused(DECIDED)
        mine = _save_versioned(
            Decision,
            {"pathway": pathway, "owner": person},
            version=version,
            text_fields={"choice": choice, "note": note},
        )
        if Decision.objects.filter(pathway=pathway).count() == 2:
            Decision.objects.filter(pathway=pathway).update(audience=Audience.PARTNER)
            mine.audience = Audience.PARTNER
        return mine
