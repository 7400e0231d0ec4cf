"""What the app calls itself to a given person: its own name, or a plain one in discreet mode.

Discreet mode is a person's own choice, for a device or an inbox someone else may
look at (IPV-8): the browser tab, the icon and the sender of emails then name
nothing about relationships or trust.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings

APP_NAME = "Steadfast"


def is_discreet(user):
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "discreet", False))


def app_name_for(user):
    return settings.DISCREET_NAME if is_discreet(user) else APP_NAME


def icon_for(user):
    return "steadfast/icon-plain.svg" if is_discreet(user) else "steadfast/icon.svg"


def from_address_for(user):
    """DEFAULT_FROM_EMAIL, with the sender's name made plain for a discreet person."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if is_discreet(user):
        name = settings.DISCREET_NAME
    return formataddr((name, address)) if name else address
