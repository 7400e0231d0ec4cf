from django.db import IntegrityError, transaction

from steadfast.core import idempotency

from .models import CheckInSharing, DailyCheckIn


def record_checkin(person, *, day, trust, closeness, mood, note, audience, submission_key):
    """Save the person's check-in for `day`: a new entry, or an update of that day's one.

    A form submitted twice (the same one-time key) saves once and returns the entry; the
    key sent again with other answers raises `idempotency.KeyReused`.
    """
    values = {
        "trust": trust,
        "closeness": closeness,
        "mood": mood,
        "note": note,
        "audience": audience,
        "submission_key": submission_key,
    }
    lookup = {"owner": person, "submission_key": submission_key}
    done = idempotency.saved_with_key(DailyCheckIn, lookup)
    if done is not None:
        return idempotency.same_or_refuse(done, {"day": day, **values})
    for _ in range(2):
        existing = DailyCheckIn.objects.filter(owner=person, day=day).first()
        if existing is not None and existing.submission_key == submission_key:
            return idempotency.same_or_refuse(existing, {"day": day, **values})
        try:
            with transaction.atomic():
                if existing is None:
                    return DailyCheckIn.objects.create(owner=person, day=day, **values)
                for name, value in values.items():
                    setattr(existing, name, value)
                existing.save()
                return existing
        except IntegrityError:
            # The same form, or another one for the same day, saved a moment ago.
            done = DailyCheckIn.objects.filter(**lookup).first()
            if done is not None:
                return idempotency.same_or_refuse(done, {"day": day, **values})
    raise IntegrityError("could not save the daily check-in")


def share_checkin(entry, audience):
    entry.audience = audience
    entry.save(update_fields=["audience", "updated_at"])
    return entry


def set_default_audience(person, audience):
    try:
        with transaction.atomic():
            choice, _ = CheckInSharing.objects.update_or_create(
                owner=person, defaults={"default_audience": audience}
            )
    except IntegrityError:  # created by a concurrent request a moment ago
        choice = CheckInSharing.objects.get(owner=person)
        choice.default_audience = audience
        choice.save()
    return choice
