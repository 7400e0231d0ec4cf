"""The reminder job and `manage.py send_reminders`: content-free emails, once per item."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from steadfast.core.testing import make_person
from steadfast.reminders import jobs
from steadfast.reminders.jobs import send_due_reminders
from steadfast.reminders.models import ReminderSent, ReminderSettings

from .conftest import (
    AUCKLAND,
    FRIDAY,
    LOS_ANGELES,
    THURSDAY,
    checkin,
    mark,
    moment,
    person,
    promise,
)

EVENING = moment(AUCKLAND, FRIDAY, 19, 30)  # 06:30 UTC; 22:30 on Thursday in Los Angeles
SECRET_WORDS = "Stop checking his phone"
# Words that would tell whoever reads the inbox what the app is about.
TELLING = ["trust", "partner", "promise", "relationship", "couple", "check-in", "Steadfast"]


def run(now=EVENING):
    return send_due_reminders(now)


def only_message():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_one_email_with_only_a_count(alice, bob):
    promise(alice, text=SECRET_WORDS)
    promise(alice, text="Another one")
    promise(bob, text="Bob's own", audience="partner")

    summary = run()

    # Alice: two promises and the check-in. Bob's evening is due too, at 22:30 his time.
    assert (summary.people, summary.items, summary.failed) == (2, 5, 0)
    to_alice = next(m for m in mail.outbox if m.to == [alice.email])
    assert to_alice.subject == "A reminder for today"
    assert "You have 3 things waiting for you today" in to_alice.body
    assert "http://127.0.0.1:8000/home/" in to_alice.body
    to_bob = next(m for m in mail.outbox if m.to == [bob.email])
    assert "You have 2 things waiting for you today" in to_bob.body


def test_the_email_names_nothing(alice, bob, settings):
    settings.DEFAULT_FROM_EMAIL = "Steadfast <no-reply@example.org>"
    settings.SITE_URL = "https://notes.example.org"
    promise(alice, text=SECRET_WORDS, audience="partner")
    ReminderSettings.objects.filter(person=bob).update(email_enabled=False)

    run()

    message = only_message()
    for text in (message.subject, message.body):
        assert SECRET_WORDS not in text
        assert bob.display_name not in text and bob.email not in text
    assert message.to == [alice.email]
    assert "https://notes.example.org/home/" in message.body


def test_discreet_mode_uses_the_plain_name_and_sender(db, settings):
    settings.DEFAULT_FROM_EMAIL = "Steadfast <no-reply@example.org>"
    settings.DISCREET_NAME = "Notes"
    alice = person("alice", zone=AUCKLAND, discreet=True)
    promise(alice, text=SECRET_WORDS)

    run()

    message = only_message()
    assert message.from_email == "Notes <no-reply@example.org>"
    assert "waiting for you today in Notes." in message.body
    for text in (message.subject, message.body, message.from_email):
        for word in TELLING + [SECRET_WORDS]:
            assert word.lower() not in text.lower(), word


def test_not_discreet_names_the_app_but_nothing_about_it(alice):
    promise(alice, text=SECRET_WORDS)

    run()

    message = only_message()
    assert message.from_email == "Steadfast <no-reply@localhost>"
    assert "in Steadfast." in message.body
    for word in TELLING[:-1] + [SECRET_WORDS]:
        assert word.lower() not in (message.subject + message.body).lower(), word


def test_a_single_thing_reads_well(db):
    person("alice", zone=AUCKLAND)  # no promises: only the check-in

    run()

    body = only_message().body
    assert "You have 1 thing waiting for you today" in body
    assert "Log in to see it:" in body


def test_a_second_run_sends_nothing(alice):
    promise(alice)

    first, second = run(), run(EVENING + timedelta(minutes=1))

    assert (first.items, second.items) == (2, 0)
    assert len(mail.outbox) == 1


def test_an_item_due_later_the_same_day_gets_its_own_reminder(alice):
    promise(alice)
    run()
    promise(alice, text="Made after the first reminder")

    later = run(EVENING + timedelta(hours=1))

    assert later.items == 1
    assert "You have 1 thing" in mail.outbox[-1].body


def test_nothing_before_the_time_nor_when_everything_is_done(alice):
    commitment = promise(alice)

    assert run(moment(AUCKLAND, FRIDAY, 18, 59)).items == 0
    mark(commitment, FRIDAY)
    checkin(alice, FRIDAY)
    assert run().items == 0
    assert mail.outbox == []


def test_the_next_day_reminds_again(alice):
    promise(alice)
    run()

    run(EVENING + timedelta(days=1))

    assert len(mail.outbox) == 2
    days = sorted(ReminderSent.objects.filter(person=alice).values_list("day", flat=True))
    assert days[0] == FRIDAY and days[-1] == FRIDAY + timedelta(days=1)


@pytest.mark.parametrize(
    "who",
    ["email off", "no settings", "therapist", "inactive"],
)
def test_who_gets_nothing(db, who):
    if who == "therapist":
        someone = make_person("theo", role="therapist")
        ReminderSettings.objects.create(person=someone, email_enabled=True)
    elif who == "no settings":
        someone = make_person("sam")
    else:
        someone = person("sam", email_enabled=(who != "email off"))
        if who == "inactive":
            someone.is_active = False
            someone.save()
    promise(someone)

    assert run(datetime(2026, 11, 27, 23, 0, tzinfo=UTC)).people == 0
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_failed_email_is_not_retried_and_others_still_go(alice, bob, monkeypatch, caplog):
    """At most once: the claim stays, so a failure loses that reminder, never doubles it."""
    real_send = jobs.send_reminder_email

    def failing_for_alice(someone, count):
        if someone == alice:
            raise ConnectionRefusedError("mail server down")
        real_send(someone, count)

    monkeypatch.setattr(jobs, "send_reminder_email", failing_for_alice)

    summary = run()

    assert (summary.people, summary.failed) == (1, 1)
    assert [m.to for m in mail.outbox] == [[bob.email]]
    assert f"Reminder for person {alice.pk} failed: ConnectionRefusedError" in caplog.text
    assert alice.email not in caplog.text
    monkeypatch.setattr(jobs, "send_reminder_email", real_send)
    assert run(EVENING + timedelta(minutes=1)).items == 0


def test_old_claims_are_forgotten(alice):
    ReminderSent.objects.create(person=alice, item_kind="checkin", day=FRIDAY - timedelta(days=3))
    kept = ReminderSent.objects.create(person=alice, item_kind="checkin", day=THURSDAY)
    ReminderSettings.objects.filter(person=alice).update(email_enabled=False)

    run()

    assert list(ReminderSent.objects.all()) == [kept]


def test_deleting_the_account_deletes_its_reminders(alice):
    from steadfast.accounts.actions import delete_account

    promise(alice)
    run()
    delete_account(alice)

    assert not ReminderSent.objects.exists() and not ReminderSettings.objects.exists()


# --- The command -----------------------------------------------------------------------


def test_command_prints_a_summary_and_is_idempotent(alice):
    promise(alice)
    out = StringIO()

    call_command("send_reminders", "--now", EVENING.isoformat(), stdout=out)
    call_command("send_reminders", "--now", EVENING.isoformat(), stdout=out)

    assert out.getvalue().splitlines() == [
        "Reminders: emailed 1 people about 2 items.",
        "Reminders: emailed 0 people about 0 items.",
    ]
    assert len(mail.outbox) == 1


def test_command_reads_a_time_without_offset_in_the_sites_zone(db):
    person("sam", zone=LOS_ANGELES)  # 19:00 in Los Angeles is 03:00 UTC the next day
    out = StringIO()

    call_command("send_reminders", "--now", "2026-11-27T02:59", stdout=out)
    call_command("send_reminders", "--now", "2026-11-27T03:00", stdout=out)

    assert out.getvalue().splitlines()[-1] == "Reminders: emailed 1 people about 1 items."


def test_command_refuses_a_bad_moment(db):
    with pytest.raises(CommandError, match="--now must be a date and time"):
        call_command("send_reminders", "--now", "tonight")


def test_command_and_task_run_the_same_job(db, monkeypatch):
    from steadfast.reminders import tasks

    calls = []
    monkeypatch.setattr(
        jobs, "send_due_reminders", lambda now=None: calls.append(now) or jobs.Summary()
    )

    call_command("send_reminders", stdout=StringIO())
    tasks.send_due_reminders_every_minute.call_local()

    assert calls == [None, None]
