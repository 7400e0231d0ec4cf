from django.db import IntegrityError, transaction

from .models import CheckInSharing, DailyCheckIn


def record_checkin(person, *, day, trust, closeness, mood, note, audience, submission_key):
    """Save the person's check-in for `day`: a new entry, or an update of that day's one.

    A form submitted twice (the same one-time key) saves once and returns the entry.
    """
    values = {
        "trust": trust,
        "closeness": closeness,
        "mood": mood,
        "note": note,
        "audience": audience,
        "submission_key": submission_key,
    }
    done = DailyCheckIn.objects.filter(owner=person, submission_key=submission_key).first()
    if done is not None:
        return done
    for _ in range(2):
        existing = DailyCheckIn.objects.filter(owner=person, day=day).first()
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
            done = DailyCheckIn.objects.filter(owner=person, submission_key=submission_key)
            if done.exists():
                return done.get()
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
