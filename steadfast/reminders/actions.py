"""Changes to a person's reminder settings and calendar link."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ReminderSettings, digest_token

SETTINGS_FIELDS = ("email_enabled", "remind_at", "include_checkin", "feed_show_words")


def _settings_row(person):
    """The person's saved settings row, made now if they have none."""
    try:
        with transaction.atomic():
            found, _ = ReminderSettings.objects.get_or_create(person=person)
    except IntegrityError:  # made by a concurrent request a moment ago
        found = ReminderSettings.objects.get(person=person)
    return found


def save_settings(person, **values):
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not reminder settings: {sorted(unknown)}")
    found = _settings_row(person)
    for name, value in values.items():
        setattr(found, name, value)
    found.save(update_fields=[*values, "updated_at"])
    return found


def new_feed_link(person):
    """A new secret for the person's calendar link; any earlier link stops working.

    Returns the secret itself, which is stored nowhere: the caller shows it once.
    """
    token = secrets.token_urlsafe(32)
    found = _settings_row(person)
    found.feed_digest = digest_token(token)
    found.feed_created_at = timezone.now()
    found.save(update_fields=["feed_digest", "feed_created_at", "updated_at"])
    return token


def revoke_feed_link(person):
    """Switch the calendar link off. True if there was one."""
    found = ReminderSettings.objects.filter(person=person, feed_digest__isnull=False).first()
    if found is None:
        return False
    found.feed_digest = None
    found.feed_created_at = None
    found.save(update_fields=["feed_digest", "feed_created_at", "updated_at"])
    return True
