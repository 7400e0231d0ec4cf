"""Changing two-step sign-in ends the account's other sessions; the one that changed it
stays (steadfast/accounts/sessions.py). On both session engines the project uses."""

import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client

from steadfast.accounts.models import User
from steadfast.accounts.sessions import GENERATION_KEY
from steadfast.core.testing import PASSWORD, pass_second_step

from .test_twofactor import enrol

SETTINGS = "/account/two-step/"
LOGIN = "/login/"


@pytest.fixture(
    params=[
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ]
)
def engine(request, settings):
    """Without REDIS_URL the project stores sessions in the database; with it, cached_db
    (here over the local-memory cache: the same code path)."""
    settings.SESSION_ENGINE = request.param
    return request.param


def logged_out(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def two_devices(client_for, user, *, verified=False):
    mine, other = client_for(user), client_for(user)
    if verified:
        pass_second_step(mine, user)
        pass_second_step(other, user)
    return mine, other


# --- Turning it on ---------------------------------------------------------------------------


def test_a_therapist_turning_it_on_logs_out_the_other_session(engine, personas, client_for):
    theo = personas["theo"]
    mine, other = two_devices(client_for, theo)
    assert other.get(SETTINGS).status_code == 200
    key_before = mine.session.session_key

    enrol(mine)

    assert logged_out(other.get("/practice/"))
    assert logged_out(other.get(SETTINGS)), "and it stays logged out"
    assert mine.get("/practice/").status_code == 200  # verified, still logged in
    assert mine.session.session_key != key_before  # a new key for the session that stays


def test_a_person_turning_it_on_logs_out_the_other_session(engine, personas, client_for):
    alice = personas["alice"]
    mine, other = two_devices(client_for, alice)
    assert other.get("/care/").status_code == 200

    enrol(mine)

    assert logged_out(other.get("/care/"))
    assert mine.get("/care/").status_code == 200


def test_a_person_is_never_made_to_turn_it_on(personas, client_for):
    alice = personas["alice"]
    mine, other = two_devices(client_for, alice)

    assert mine.get("/care/").status_code == 200
    assert other.get("/account/").status_code == 200
    assert User.objects.get(pk=alice.pk).session_generation == 0


def test_someone_else_s_sessions_are_untouched(personas, client_for):
    bob = client_for(personas["bob"])

    enrol(client_for(personas["alice"]))

    assert bob.get("/care/").status_code == 200


def test_a_wrong_first_code_ends_nothing(personas, client_for):
    alice = personas["alice"]
    mine, other = two_devices(client_for, alice)
    mine.get("/account/two-step/setup/")

    mine.post("/account/two-step/setup/", {"code": "000000"})

    assert other.get("/care/").status_code == 200


# --- New backup codes, turning it off --------------------------------------------------------


def test_new_backup_codes_log_out_the_other_session(engine, personas, client_for):
    theo = personas["theo"]
    mine, other = two_devices(client_for, theo, verified=True)
    assert other.get("/practice/").status_code == 200

    response = mine.post("/account/two-step/backup-codes/", {"current_password": PASSWORD})

    assert response.status_code == 200
    assert logged_out(other.get("/practice/"))
    assert mine.get("/practice/").status_code == 200


def test_a_wrong_password_for_new_codes_ends_nothing(personas, client_for):
    theo = personas["theo"]
    mine, other = two_devices(client_for, theo, verified=True)

    mine.post("/account/two-step/backup-codes/", {"current_password": "not it"})

    assert other.get("/practice/").status_code == 200


def test_turning_it_off_logs_out_the_other_session(engine, personas, client_for):
    alice = personas["alice"]
    mine, other = two_devices(client_for, alice, verified=True)

    response = mine.post(f"{SETTINGS}off/", {"off-current_password": PASSWORD})

    assert response["Location"] == SETTINGS
    assert "Other devices are logged out." in mine.get(SETTINGS).content.decode()
    assert logged_out(other.get("/care/"))
    assert mine.get("/care/").status_code == 200


# --- Logging in again, and the counter itself ---------------------------------------------


def test_a_new_log_in_after_the_change_stays_logged_in(personas, client_for):
    alice = personas["alice"]  # this object still holds the old generation
    enrol(client_for(alice))

    later = client_for(alice)

    assert later.get("/care/").status_code == 200
    assert later.session[GENERATION_KEY] == 1


def test_logging_in_with_the_password_starts_at_the_current_generation(personas, client_for):
    sam = personas["sam"]
    enrol(client_for(sam))
    User.objects.filter(pk=sam.pk).update(session_generation=7)  # as after several changes
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=sam).delete()  # password alone logs in again
    client = Client()

    assert client.post(LOGIN, {"username": sam.email, "password": PASSWORD}).status_code == 302
    assert client.session[GENERATION_KEY] == 7
    assert client.get("/care/").status_code == 200


def test_a_session_from_before_the_counter_existed_still_works_until_a_change(personas, client_for):
    alice = personas["alice"]
    old = client_for(alice)
    session = old.session
    del session[GENERATION_KEY]
    session.save()
    assert old.get("/care/").status_code == 200

    enrol(client_for(alice))

    assert logged_out(old.get("/care/"))


def test_a_stale_copy_of_the_account_saved_later_does_not_bring_sessions_back(personas, client_for):
    alice = personas["alice"]
    other = client_for(alice)
    stale = User.objects.get(pk=alice.pk)  # loaded before the change, by a slower request
    enrol(client_for(alice))

    stale.display_name = "Alice B"
    stale.save()

    fresh = User.objects.get(pk=alice.pk)
    assert (fresh.display_name, fresh.session_generation) == ("Alice B", 1)
    assert logged_out(other.get("/care/"))


def test_the_ended_session_is_removed_from_the_store(engine, personas, client_for):
    alice = personas["alice"]
    mine, other = two_devices(client_for, alice)
    ended_key = other.session.session_key

    enrol(mine)
    other.get("/care/")

    store = __import__(engine, fromlist=["SessionStore"]).SessionStore
    assert issubclass(store, SessionBase)
    assert not store().exists(ended_key)
