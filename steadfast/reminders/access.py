"""Whose reminder settings a request may reach. Views ask here and nowhere else.

A person reaches only their own settings, through their session. The calendar feed has
no session (calendar apps cannot log in): its secret link is the credential, and it
opens one person's calendar, only while that person is an active person account.
"""

from django.http import Http404

from .models import ReminderSettings, digest_token


def settings_for(person):
    """The person's reminder settings; unsaved defaults if they never chose any."""
    found = ReminderSettings.objects.filter(person=person).first()
    return found if found is not None else ReminderSettings(person=person)


def feed_settings_or_404(token):
    """The settings whose calendar link is `token`; 404 for an unknown or switched-off link."""
    found = (
        ReminderSettings.objects.select_related("person")
        .filter(feed_digest=digest_token(token))
        .first()
    )
    if found is None or not found.person.is_active or not found.person.is_person:
        raise Http404
    return found
