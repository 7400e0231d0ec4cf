"""bench_sessions: sessions that really log in, and keys the account may really open;
and the benchmark's bare page, mounted only when the benchmark asks for it."""

import importlib
import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import clear_url_caches

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.checkins.models import DailyCheckIn
from steadfast.conversations import actions as talk_actions
from steadfast.core.testing import make_grant, make_person, pass_second_step
from steadfast.couples.models import Membership

PHQ9 = {1: 1, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0}


def mint(*emails):
    out = StringIO()
    call_command("bench_sessions", *emails, stdout=out)
    return json.loads(out.getvalue())


def client_with(found, entry, **kwargs):
    client = Client(**kwargs)
    client.cookies[found["session_cookie"]] = entry["session"]
    client.cookies[found["csrf_cookie"]] = entry["csrf_secret"]
    return client


def test_a_person_session_opens_their_pages(personas):
    found = mint("alice@example.org")
    (entry,) = found["sessions"]
    assert entry["role"] == "person"
    client = client_with(found, entry)
    response = client.get("/home/")
    assert response.status_code == 200
    assert response.wsgi_request.user == personas["alice"]


def test_an_unknown_session_is_not_logged_in(personas):
    found = mint("alice@example.org")
    entry = dict(found["sessions"][0], session="x" * 32)
    assert client_with(found, entry).get("/home/").status_code == 302


def test_each_email_gets_its_own_session(personas):
    found = mint("alice@example.org", "alice@example.org", "bob@example.org")
    assert len({s["session"] for s in found["sessions"]}) == 3
    assert [s["email"] for s in found["sessions"]] == [
        "alice@example.org",
        "alice@example.org",
        "bob@example.org",
    ]


def test_the_csrf_pair_passes_a_real_check(personas):
    found = mint("alice@example.org")
    (entry,) = found["sessions"]
    client = client_with(found, entry, enforce_csrf_checks=True)
    form = {
        "submission_key": str(uuid.uuid4()),
        "day": entry["today"],
        "trust": "6",
        "closeness": "5",
        "mood": "7",
        "note": "",
        "audience": "private",
    }
    assert client.post("/daily/", form).status_code == 403  # no token: refused
    assert client.post("/daily/", {**form, "csrfmiddlewaretoken": "y" * 64}).status_code == 403
    assert not DailyCheckIn.objects.filter(owner=personas["alice"]).exists()
    response = client.post("/daily/", {**form, "csrfmiddlewaretoken": entry["csrf_token"]})
    assert response.status_code == 302
    assert DailyCheckIn.objects.filter(owner=personas["alice"]).count() == 1


def test_a_therapist_session_has_passed_the_second_step(personas):
    theo = personas["theo"]
    pass_second_step(Client(), theo)  # gives theo a confirmed authenticator
    found = mint(theo.email)
    (entry,) = found["sessions"]
    assert entry["role"] == "therapist"
    response = client_with(found, entry).get("/practice/")
    assert response.status_code == 200


def test_a_therapist_without_an_authenticator_is_refused(personas):
    with pytest.raises(CommandError, match="authenticator"):
        mint(personas["theo"].email)


def test_unknown_and_deactivated_accounts_are_refused(personas):
    with pytest.raises(CommandError, match="nobody@example.org"):
        mint("alice@example.org", "nobody@example.org")
    personas["sam"].is_active = False
    personas["sam"].save()
    with pytest.raises(CommandError, match="deactivated"):
        mint("sam@example.org")
    with pytest.raises(CommandError, match="at least one"):
        mint()


def test_a_person_gets_their_own_latest_result_never_the_partner_s(personas):
    alice, bob = personas["alice"], personas["bob"]
    phq9 = get_instrument("phq9")
    measure_actions.record_measure(alice, phq9, PHQ9, submission_key=uuid.uuid4())
    latest = measure_actions.record_measure(alice, phq9, PHQ9, submission_key=uuid.uuid4())
    shared = measure_actions.record_measure(bob, phq9, PHQ9, submission_key=uuid.uuid4())
    measure_actions.share_measure(shared, "partner")
    found = mint("alice@example.org", "bob@example.org", "carol@example.org")
    by_email = {s["email"]: s for s in found["sessions"]}
    assert by_email["alice@example.org"]["result"] == str(latest.submission_key)
    assert by_email["alice@example.org"]["instrument"] == "phq9"
    assert by_email["bob@example.org"]["result"] == str(shared.submission_key)
    assert by_email["carol@example.org"]["result"] is None
    client = client_with(found, by_email["alice@example.org"])
    assert client.get(f"/measures/results/{latest.submission_key}/").status_code == 200
    assert client.get("/measures/phq9/history.svg").status_code == 200


def test_the_coach_gets_a_conversation_only_where_the_person_holds_the_floor(personas):
    alice, bob = personas["alice"], personas["bob"]
    couple_id = Membership.objects.get(person=alice).couple_id
    talk = talk_actions.open_conversation(
        alice, bob, couple_id, topic="Weekends", submission_key=uuid.uuid4()
    )
    found = mint("alice@example.org", "bob@example.org", "carol@example.org")
    by_email = {s["email"]: s for s in found["sessions"]}
    assert by_email["alice@example.org"]["conversation"] == str(talk.key)
    assert by_email["bob@example.org"]["conversation"] is None  # listening, not speaking
    assert by_email["carol@example.org"]["conversation"] is None


def test_a_therapist_gets_one_summary_key_per_couple_that_both_granted(personas):
    theo = personas["theo"]
    pass_second_step(Client(), theo)
    alice_grant = make_grant(personas["alice"], theo)
    bob_grant = make_grant(personas["bob"], theo)
    make_grant(personas["carol"], theo)  # Dan did not grant: no summary for them
    make_grant(make_person("solo"), theo, accepted=False)  # pending: not a client yet
    found = mint(theo.email)
    (entry,) = found["sessions"]
    assert entry["clients"] == 3
    assert len(entry["couples"]) == 1
    assert entry["couples"][0] in {str(alice_grant.key), str(bob_grant.key)}
    client = client_with(found, entry)
    summary = client.get(f"/practice/couples/{entry['couples'][0]}/summary/")
    assert summary.status_code == 200


@pytest.fixture
def bench_urls(monkeypatch, settings):
    """config.urls as imported with (or without) STEADFAST_BENCH=1."""
    import config.urls

    def load(flag):
        if flag is None:
            monkeypatch.delenv("STEADFAST_BENCH", raising=False)
        else:
            monkeypatch.setenv("STEADFAST_BENCH", flag)
        importlib.reload(config.urls)
        clear_url_caches()

    yield load
    monkeypatch.delenv("STEADFAST_BENCH", raising=False)
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_bare_page_exists_only_for_the_benchmark(bench_urls):
    bench_urls(None)
    assert Client().get("/bench/bare/").status_code == 404
    bench_urls("0")
    assert Client().get("/bench/bare/").status_code == 404
    bench_urls("1")
    response = Client().get("/bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert Client().post("/bench/bare/").status_code == 405
