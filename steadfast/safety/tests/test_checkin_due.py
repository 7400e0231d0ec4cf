"""The "Your check-in" card on the home page (id="checkin-due"): shown when the person's
own check-in is due, and decided by nothing of anyone else's (IPV-2, IPV-18)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from steadfast.core.testing import make_person
from steadfast.safety.models import CheckIn, checkin_due

from .conftest import check_in, strip_csrf

CARD = 'id="checkin-due"'


def home(client):
    response = client.get("/home/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_the_card_is_there_before_the_first_checkin(personas, client_for, who):
    page = home(client_for(personas[who]))
    assert CARD in page
    assert '<a class="button" href="/checkin/">Start the check-in</a>' in page


def test_the_card_goes_after_a_checkin_and_comes_back_when_due(
    personas, client_for, settings, time_machine
):
    settings.CHECKIN_INTERVAL_DAYS = 10
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    sam = personas["sam"]
    check_in(client_for(sam))

    assert CARD not in home(client_for(sam))
    # Sessions end long before that: Sam logs in again each time.
    time_machine.move_to(start + timedelta(days=10) - timedelta(seconds=1), tick=False)
    assert CARD not in home(client_for(sam))
    time_machine.move_to(start + timedelta(days=10), tick=False)
    client = client_for(sam)
    assert CARD in home(client)

    check_in(client)  # answering again puts it off for another interval
    assert CARD not in home(client)


@pytest.mark.parametrize(
    ("days_since", "interval", "due"),
    [
        (None, 28, True),  # never checked in
        (0, 28, False),
        (27, 28, False),
        (28, 28, True),
        (40, 28, True),
        (6, 7, False),
        (7, 7, True),
    ],
)
def test_checkin_due(db, settings, days_since, interval, due):
    settings.CHECKIN_INTERVAL_DAYS = interval
    sam = make_person("sam")
    now = timezone.now()
    if days_since is not None:
        CheckIn.objects.create(owner=sam, answers={}, completed_at=now - timedelta(days=days_since))
    assert checkin_due(sam, now=now) is due


def test_only_the_latest_checkin_counts(db):
    sam = make_person("sam")
    now = timezone.now()
    CheckIn.objects.create(owner=sam, answers={}, completed_at=now - timedelta(days=2))
    CheckIn.objects.create(owner=sam, answers={}, completed_at=now - timedelta(days=90))
    assert checkin_due(sam, now=now) is False


def test_the_partners_checkins_never_change_the_others_home(personas, client_for, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # the same moment on both visits
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    before = strip_csrf(home(bob))

    check_in(alice, positive=True)
    check_in(alice, audience="therapist")
    alice.post("/plan/", {"people": "Jo", "audience": "private"})
    after = strip_csrf(home(bob))

    assert CARD in before
    assert after == before
    assert CARD not in home(alice)


@pytest.mark.parametrize(("day", "bob_due"), [(3, False), (7, True)])
def test_whether_due_or_not_the_partners_checkin_changes_nothing_for_the_other(
    personas, client_for, time_machine, settings, day, bob_due
):
    settings.CHECKIN_INTERVAL_DAYS = 7
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    check_in(client_for(personas["alice"]))
    check_in(client_for(personas["bob"]))
    time_machine.move_to(start + timedelta(days=day), tick=False)
    bob = client_for(personas["bob"])  # sessions don't last days: he logs in again
    before = strip_csrf(home(bob))

    check_in(client_for(personas["alice"]), positive=True)

    assert (CARD in before) is bob_due
    assert strip_csrf(home(bob)) == before


def test_therapists_get_no_checkin_card(personas, client_for):
    page = home(client_for(personas["theo"]))
    assert CARD not in page
    assert "/checkin/" not in page
