"""/account/security/: a person's own security events, and nobody else's (I10, IPV-10)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steadfast import audit
from steadfast.audit.models import Event
from steadfast.core.testing import link, page_text, strip_csrf

from .test_devices import FIREFOX_ANDROID

pytestmark = pytest.mark.django_db
URL = "/account/security/"
AT = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)


def plant(user, kind="password_changed", ip="203.0.113.40", **fields):
    request = RequestFactory().get("/", HTTP_USER_AGENT=FIREFOX_ANDROID, REMOTE_ADDR=ip)
    return audit.record(user, kind, request, **fields)


@pytest.fixture
def at_nine(time_machine):
    time_machine.move_to(AT, tick=False)


def rows_of(response):
    return page_text(response).split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_the_url_is_the_account_areas():
    assert reverse("audit:security") == URL


def test_the_person_sees_their_own_events_newest_first_in_their_time_zone(
    client_for, alice, time_machine
):
    alice.time_zone = "Pacific/Auckland"
    alice.save(update_fields=["time_zone"])
    time_machine.move_to(AT, tick=False)
    plant(alice, "login_failed", how="code")
    time_machine.move_to(AT + timedelta(hours=1), tick=False)
    plant(alice, "password_changed")
    client = client_for(alice)

    text = page_text(client.get(URL))

    assert "Times are in Pacific/Auckland" in text
    changed = text.index("1 Jan 2030, 23:00")  # 10:00 UTC is 23:00 in Auckland
    refused = text.index("1 Jan 2030, 22:00")
    assert changed < refused  # newest first
    assert "Password changed" in text
    assert "A password or code was refused (a wrong two-step code)" in text
    assert "Firefox on Android" in text and "203.0.113.0/24" in text


def test_a_partner_sees_nothing_of_the_others_events(client_for, alice, bob):
    link(alice, bob)
    plant(alice, "password_changed", ip="198.51.100.99")
    plant(alice, "two_step_off", ip="198.51.100.99")
    plant(bob, "login", ip="203.0.113.40")

    text = page_text(client_for(bob).get(URL))

    assert "198.51.100.0/24" not in text
    assert "Password changed" not in text and "Two-step sign-in turned off" not in text
    assert rows_of(client_for(bob).get(URL)) == Event.objects.filter(user=bob).count()


def test_a_partners_page_is_the_same_whatever_the_other_did(client_for, alice, bob, at_nine):
    link(alice, bob)
    client = client_for(bob)
    before = strip_csrf(client.get(URL).content)

    for kind in ("login", "password_changed", "two_step_on", "grant_invited", "data_exported"):
        plant(alice, kind)
    plant(alice, "login_failed", how="password")

    assert strip_csrf(client.get(URL).content) == before


def test_the_page_has_no_way_to_name_another_account(client_for, alice, bob):
    plant(alice, "password_changed", ip="198.51.100.99")
    client = client_for(bob)

    for query in (f"?user={alice.pk}", f"?user_id={alice.pk}", f"?email={alice.email}"):
        assert "198.51.100.0/24" not in page_text(client.get(URL + query))


def test_a_therapist_sees_their_own_events_and_no_client_access_log_link(client_for, theo, alice):
    plant(theo, "backup_codes")
    plant(alice, "grant_accepted")

    text = page_text(client_for(theo).get(URL))

    assert "New backup codes made" in text
    assert "A therapist accepted your invitation" not in text
    assert reverse("access:log") not in text


def test_a_person_is_pointed_to_what_therapists_opened(client_for, alice):
    text = page_text(client_for(alice).get(URL))

    assert reverse("access:log") in text
    assert reverse("audit:security") in page_text(client_for(alice).get(reverse("access:log")))
    assert reverse("audit:security") in page_text(
        client_for(alice).get(reverse("accounts:account"))
    )


def test_it_says_how_long_events_are_kept_and_that_they_go_with_the_account(
    client_for, alice, settings
):
    settings.STEADFAST_AUDIT_DAYS = 90

    text = page_text(client_for(alice).get(URL))

    assert "kept for 90 days" in text
    assert "deleted with your account" in text


def test_anonymous_is_sent_to_log_in_and_a_post_is_refused(client, client_for, alice):
    assert client.get(URL)["Location"] == f"{reverse('accounts:login')}?next={URL}"
    assert client_for(alice).post(URL).status_code == 405


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "1e9", "%00", ""])
def test_any_page_number_answers(client_for, alice, page):
    plant(alice)

    assert client_for(alice).get(URL, {"page": page}).status_code == 200


def test_pages_of_fifty_in_a_fixed_number_of_queries(client_for, alice, sam):
    for _ in range(3):
        plant(sam)
    for _ in range(119):
        plant(alice)
    alice_client, sam_client = client_for(alice), client_for(sam)  # one log-in each

    with CaptureQueriesContext(connection) as few:
        assert rows_of(sam_client.get(URL)) == 4
    with CaptureQueriesContext(connection) as many:
        first = alice_client.get(URL)
    assert rows_of(first) == 50
    assert "Page 1 of 3" in page_text(first)
    assert rows_of(alice_client.get(URL, {"page": 3})) == 20
    assert len(few) == len(many)
