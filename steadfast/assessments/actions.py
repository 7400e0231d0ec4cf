from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.core import idempotency

from . import scoring
from .models import Measure, MeasureDraft, Schedule


def stored(answers):
    """Answers as they are saved: {"item number": printed value}, in item order."""
    return {
        str(number): value for number, value in sorted(answers.items(), key=lambda a: int(a[0]))
    }


def record_measure(person, instrument, answers, *, submission_key, completed_at=None):
    """Score and save a completed measure, once per form, and drop the person's draft of it.

    A resubmitted form returns the measure it made; its key sent again with other answers
    raises `idempotency.KeyReused`. Answers that can't be scored raise
    `scoring.InvalidAnswers` and nothing is saved. `completed_at` is for imports that
    carry their own date; a measure taken here is completed now.
    """
    result = scoring.score(instrument, answers)
    same_form = {
        "instrument": instrument.key,
        "answers": stored(scoring.clean_answers(instrument, answers)),
    }
    if completed_at is not None:
        same_form["completed_at"] = completed_at
    lookup = {"owner": person, "submission_key": submission_key}
    values = {
        **same_form,
        "version": instrument.version,
        "total": result.total,
        "mean": result.mean,
        "band": result.band or "",
        "details": {
            "subscales": result.subscales,
            "positive_screen": result.positive_screen,
            "flags": list(result.flags),
            "safety_flags": list(result.safety_flags),
        },
        "completed_at": completed_at or timezone.now(),
    }

    def create():
        measure = Measure.objects.create(**lookup, **values)
        MeasureDraft.objects.filter(owner=person, instrument=instrument.key).delete()
        return measure

    return idempotency.create_once(Measure, lookup, values, create=create, compare=same_form)


def save_draft(person, instrument, answers):
    """Keep the answers given so far; with none given, there is no draft."""
    if not answers:
        MeasureDraft.objects.filter(owner=person, instrument=instrument.key).delete()
        return None
    values = {"answers": stored(answers)}
    try:
        with transaction.atomic():
            draft, _ = MeasureDraft.objects.update_or_create(
                owner=person, instrument=instrument.key, defaults=values
            )
    except IntegrityError:  # created by a concurrent request a moment ago
        draft = MeasureDraft.objects.get(owner=person, instrument=instrument.key)
        draft.answers = values["answers"]
        draft.save(update_fields=["answers", "updated_at"])
    return draft


def share_measure(measure, audience):
    """Set who may see a result. It takes effect at once: the next request is refused."""
    measure.audience = audience
    measure.save(update_fields=["audience"])
    return measure


@transaction.atomic
def save_schedule(person, settings):
    """Write the person's schedule: {instrument key: (interval_days, active)}."""
    for key, (interval_days, active) in settings.items():
        Schedule.objects.update_or_create(
            owner=person,
            instrument=key,
            defaults={"interval_days": interval_days, "active": active},
        )
