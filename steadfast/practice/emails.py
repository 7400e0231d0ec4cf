"""Emails of the practice app: a new therapist's set-password link, and the word to a
therapist that someone invited them.

Both are sent without a request (the link also comes from a management command), so
links are built on SITE_URL, as the reminders are. Neither names a client: an invitation
email says only that a person using this server invited the address, because whoever
reads that mailbox is not necessarily the therapist, and a client's name there could
reach the wrong person (IPV-8, IPV-9). It reads the same whether or not the address has
an account here, and is sent either way, so sending it tells the client nothing.

A mail server that refuses is logged and reported to the caller, never raised: the
operator still has the link, and a client's invitation is saved whatever the mail does.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from steadfast.core.presentation import from_address_for

log = logging.getLogger(__name__)

LINK_SUBJECT = "Your therapist account: choose a password"
INVITATION_SUBJECT = "An invitation is waiting for you"


def _send(to, subject, template, context):
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    try:
        send_mail(subject, body, from_address_for(None), [to])
    except (smtplib.SMTPException, OSError):
        # Never the address or the body in the log: only that a send failed.
        log.exception("An email from the practice app could not be sent")
        return False
    return True


def send_therapist_link(link, path):
    """The operator's set-password link, to the new therapist. True if it went."""
    context = {
        "name": link.therapist.display_name,
        "url": settings.SITE_URL + path,
        "expires_at": timezone.localtime(link.expires_at),
    }
    return _send(link.therapist.email, LINK_SUBJECT, "practice/email/therapist_link.txt", context)


def send_grant_invitation(therapist_email):
    """Tell an address that someone here invited it as their therapist, naming nobody."""
    context = {"practice_url": settings.SITE_URL + reverse("practice:home")}
    return _send(
        therapist_email, INVITATION_SUBJECT, "practice/email/grant_invitation.txt", context
    )
