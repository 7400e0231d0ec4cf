"""The reminder settings page, /reminders/, and its calendar-link buttons."""

import re
from datetime import time

import pytest
from django.urls import reverse

from steadfast.core.testing import make_person, page_text
from steadfast.reminders.models import ReminderSettings

SETTINGS = "/reminders/"
NEW_LINK = "/reminders/calendar/new/"
LINK_OFF = "/reminders/calendar/off/"
FEED_URL = r"http://testserver/calendar/[A-Za-z0-9_-]{43}\.ics"


@pytest.fixture
def sam(db):
    return make_person("sam")


def form(**values):
    data = {"remind_at": "19:00", "include_checkin": "on"}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_paths_are_plain():
    assert reverse("reminders:settings") == SETTINGS
    assert reverse("reminders:new_feed") == NEW_LINK
    assert reverse("reminders:revoke_feed") == LINK_OFF


def test_the_page_shows_the_defaults_without_saving_anything(sam, client_for):
    response = client_for(sam).get(SETTINGS)

    assert response.status_code == 200
    text = page_text(response)
    assert 'value="19:00"' in text
    assert "You have no calendar link." in text
    assert "(UTC;" in text
    assert not ReminderSettings.objects.exists()


def test_saving(sam, client_for):
    response = client_for(sam).post(
        SETTINGS, form(email_enabled="on", remind_at="07:45", include_checkin=None), follow=True
    )

    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Your reminder settings are saved." in page_text(response)
    saved = ReminderSettings.objects.get(person=sam)
    assert (saved.email_enabled, saved.remind_at, saved.include_checkin) == (
        True,
        time(7, 45),
        False,
    )
    assert saved.feed_show_words is False


@pytest.mark.parametrize("bad", ["25:00", "7pm", "", "19:60", "abc"])
def test_a_bad_time_is_refused_with_a_clear_message_and_nothing_saved(sam, client_for, bad):
    response = client_for(sam).post(SETTINGS, form(email_enabled="on", remind_at=bad))

    assert response.status_code == 200
    text = page_text(response)
    assert "Enter a time of day such as 19:00." in text
    assert "Nothing is saved yet" in text
    assert not ReminderSettings.objects.exists()


def test_a_bad_time_leaves_earlier_choices_as_they_were(sam, client_for):
    ReminderSettings.objects.create(person=sam, email_enabled=True, remind_at=time(8, 0))

    client_for(sam).post(SETTINGS, form(remind_at="8 o'clock"))

    saved = ReminderSettings.objects.get(person=sam)
    assert (saved.email_enabled, saved.remind_at) == (True, time(8, 0))


def test_a_new_link_is_shown_once(sam, client_for):
    client = client_for(sam)

    response = client.post(NEW_LINK)

    assert response.status_code == 200
    text = page_text(response)
    assert "Copy it now: it is shown only this once." in text
    (url,) = re.findall(FEED_URL, text)
    assert client.get(url).status_code == 200
    again = page_text(client.get(SETTINGS))
    assert url not in again
    assert "You have a calendar link, made on" in again
    assert "Switch the link off" in again


def test_switching_the_link_off(sam, client_for):
    client = client_for(sam)
    (url,) = re.findall(FEED_URL, page_text(client.post(NEW_LINK)))

    response = client.post(LINK_OFF, follow=True)

    assert response.redirect_chain == [(SETTINGS, 302)]
    text = page_text(response)
    assert "Your calendar link is switched off. It no longer works." in text
    assert "You have no calendar link." in text
    assert client.get(url).status_code == 404
    text = page_text(client.post(LINK_OFF, follow=True))
    assert "You have no calendar link to switch off." in text


def test_settings_are_the_persons_own(sam, client_for):
    alice = make_person("alice")
    ReminderSettings.objects.create(person=alice, email_enabled=True, remind_at=time(6, 15))

    text = page_text(client_for(sam).get(SETTINGS))

    assert 'value="06:15"' not in text


@pytest.mark.parametrize("url", [SETTINGS, NEW_LINK, LINK_OFF])
def test_therapists_find_nothing_here(db, client_for, url):
    theo = make_person("theo", role="therapist")

    assert client_for(theo).post(url).status_code == 404


def test_wrong_methods(sam, client_for):
    client = client_for(sam)

    assert client.get(NEW_LINK).status_code == 405
    assert client.get(LINK_OFF).status_code == 405
    assert client.put(SETTINGS).status_code == 405


def test_linked_from_the_promises_page_and_the_account_page(sam, client_for):
    client = client_for(sam)

    for page in ("/promises/", "/account/"):
        assert f'href="{SETTINGS}"' in client.get(page).content.decode(), page


def test_not_linked_from_a_therapists_account_page(db, client_for):
    theo = make_person("theo", role="therapist")

    assert f'href="{SETTINGS}"' not in client_for(theo).get("/account/").content.decode()
