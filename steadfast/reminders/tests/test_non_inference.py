"""IPV-2 for reminders: nothing partner B receives (his reminder email, his calendar, his
settings page) changes with what partner A keeps to herself: her promises, marks,
check-ins, reminder settings, calendar link or discreet mode."""

from datetime import UTC, datetime, time

import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from steadfast.core.testing import link, make_person, strip_csrf
from steadfast.reminders import actions
from steadfast.reminders.jobs import send_due_reminders
from steadfast.reminders.models import ReminderSent, ReminderSettings

from .conftest import FRIDAY, checkin, mark, promise

FROZEN = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def what_bob_gets(bob, bob_client, feed):
    ReminderSent.objects.filter(person=bob).delete()
    mail.outbox.clear()
    send_due_reminders(FROZEN)
    emails = [(m.subject, m.from_email, m.to, m.body) for m in mail.outbox if bob.email in m.to]
    with CaptureQueriesContext(connection) as queries:
        calendar = Client().get(feed)
    page = bob_client.get("/reminders/")
    return {
        "emails": emails,
        "calendar": (calendar.status_code, calendar.content, len(queries)),
        "page": (page.status_code, strip_csrf(page.content)),
    }


def plant_alices_private_reminders(alice):
    secret = promise(alice, text="Stop checking his phone")
    promise(alice, text="Weekly group", kind="weekly", weekdays="4", audience="therapist")
    mark(secret, FRIDAY, done=False)
    checkin(alice, FRIDAY)
    ReminderSettings.objects.create(
        person=alice, email_enabled=True, remind_at=time(6, 0), feed_show_words=True
    )
    actions.new_feed_link(alice)
    alice.discreet = True
    alice.save()


def test_bob_learns_nothing_from_alices_reminders(db):
    with time_machine.travel(FROZEN, tick=False):
        alice, bob = make_person("alice"), make_person("bob")
        link(alice, bob)
        promise(bob, text="Phone if I'm late", audience="partner")
        ReminderSettings.objects.create(person=bob, email_enabled=True)
        feed = f"/calendar/{actions.new_feed_link(bob)}.ics"
        bob_client = Client()
        bob_client.force_login(bob)

        world0 = what_bob_gets(bob, bob_client, feed)
        plant_alices_private_reminders(alice)
        world1 = what_bob_gets(bob, bob_client, feed)
        alice_was_reminded = any(alice.email in m.to for m in mail.outbox)

    assert alice_was_reminded, "the planting really happened"
    assert len(world0["emails"]) == 1
    assert world0 == world1
