"""The reminder email: a count and a link, nothing else.

Someone else may read the inbox (IPV-8, IPV-9), so the email names no promise, no
partner and no feature, only how many things are waiting. In discreet mode the sender
and the app's name in the body are the plain name.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from steadfast.core.presentation import app_name_for, from_address_for

SUBJECT = "A reminder for today"


def send_reminder_email(person, count):
    context = {
        "count": count,
        "app_name": app_name_for(person),
        "url": settings.SITE_URL + reverse("core:home"),
    }
    body = render_to_string("reminders/email/reminder.txt", context)
    send_mail(SUBJECT, body, from_address_for(person), [person.email])
