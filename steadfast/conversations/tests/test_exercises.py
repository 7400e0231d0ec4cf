"""Answer, then reveal: private answers, a choice per answer, nothing shown before both finish."""

import pytest
from django.db import connection

from steadfast.conversations.exercises import BY_SLUG
from steadfast.conversations.models import ExerciseAnswer, ExerciseFinish
from steadfast.couples.actions import unlink
from tests.two_worlds import observe

from .conftest import exercise_state, page_text

NEEDS = BY_SLUG["needs"]
KEYS = NEEDS.prompt_keys()


def answers(prefix, *, action="save", reveal=(), only=None):
    """The exercise form: an answer per prompt (or only those in `only`), ticked boxes."""
    data = {"action": action}
    for key in KEYS:
        if only is None or key in only:
            data[f"answer_{key}"] = f"{prefix} {key}"
        if key in reveal:
            data[f"reveal_{key}"] = "on"
    return data


URL = "/talk/exercises/needs/"


def test_saving_keeps_answers_private_and_sealed(personas, client_for):
    client = client_for(personas["alice"])
    response = client.post(URL, answers("Alice", only=KEYS[:2], reveal=KEYS[:1]))
    assert response.status_code == 302
    saved = {a.prompt: a for a in ExerciseAnswer.objects.filter(owner=personas["alice"])}
    assert sorted(saved) == sorted(KEYS[:2])
    assert saved[KEYS[0]].audience == "partner" and saved[KEYS[1]].audience == "private"
    assert not ExerciseFinish.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM conversations_exerciseanswer")
        assert not any("Alice" in row[0] for row in cursor.fetchall())
    page = page_text(client.get(URL))
    assert f"Alice {KEYS[0]}</textarea>" in page
    # Emptying a box removes that answer.
    client.post(URL, answers("Alice", only=KEYS[:1]))
    assert ExerciseAnswer.objects.filter(owner=personas["alice"]).count() == 1


def test_finishing_needs_every_answer_and_saves_nothing_otherwise(personas, client_for):
    client = client_for(personas["alice"])
    before = exercise_state()
    response = client.post(URL, answers("Alice", action="finish", only=KEYS[:3]))
    assert response.status_code == 200
    assert "Answer every question before you finish." in page_text(response)
    assert exercise_state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "later"}, "Choose whether to save for later or finish."),
        (
            {"action": "save", f"answer_{KEYS[0]}": "x" * 2001},
            "Keep each answer to 2000 characters or fewer.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(personas, client_for, data, message):
    response = client_for(personas["alice"]).post(URL, data)
    assert response.status_code == 200 and message in page_text(response)
    assert not ExerciseAnswer.objects.exists()


def test_finished_answers_are_fixed(personas, client_for):
    client = client_for(personas["alice"])
    assert client.post(URL, answers("Alice", action="finish")).status_code == 302
    before = exercise_state()
    response = client.post(URL, answers("Changed", action="save"))
    assert "your answers stay as they are" in page_text(response)
    assert exercise_state() == before


def test_the_reveal_shows_only_what_each_chose(personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    alice.post(URL, answers("Alice", action="finish", reveal=KEYS[:2]))
    bob.post(URL, answers("Bob", action="finish", reveal=KEYS[1:]))

    alices = page_text(alice.get(URL))
    assert "What you each chose to show" in alices
    for key in KEYS[1:]:
        assert f"Bob {key}" in alices
    assert f"Bob {KEYS[0]}" not in alices
    bobs = page_text(bob.get(URL))
    for key in KEYS[:2]:
        assert f"Alice {key}" in bobs
    for key in KEYS[2:]:
        assert f"Alice {key}" not in bobs
    assert "You've both finished" in page_text(bob.get("/talk/exercises/"))


def test_after_an_unlink_nothing_of_the_other_is_shown(personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    alice.post(URL, answers("Alice", action="finish", reveal=KEYS))
    bob.post(URL, answers("Bob", action="finish", reveal=KEYS))
    unlink(personas["alice"])
    page = page_text(bob.get(URL))
    assert "Alice " + KEYS[0] not in page
    assert "for two linked partners" in page


def test_not_linked_outsiders_and_therapists(personas, client_for):
    sam = client_for(personas["sam"])
    assert "for two linked partners" in page_text(sam.get(URL))
    response = sam.post(URL, answers("Sam"))
    assert response.status_code == 200 and "Link with your partner first" in page_text(response)
    assert not ExerciseAnswer.objects.exists()
    assert client_for(personas["theo"]).get(URL).status_code == 404
    assert client_for(personas["alice"]).get("/talk/exercises/nope/").status_code == 404
    assert client_for(personas["alice"]).post("/talk/exercises/").status_code == 405


# --- Non-inference: Bob can't tell whether Alice has started or finished ------------------

BOBS_PAGES = [
    "/talk/",
    "/talk/exercises/",
    "/talk/exercises/worries/",
    "/talk/exercises/needs/",
    "/talk/exercises/offer/",
]


def what_bob_sees(bob):
    return {url: observe(bob, url) for url in BOBS_PAGES}


def differences(first, second):
    return {url: first[url].differences(second[url]) for url in first if first[url] != second[url]}


@pytest.mark.parametrize("bobs_state", ["not started", "saved some"])
def test_until_he_finishes_bobs_pages_are_the_same_whatever_alice_has_done(
    personas, client_for, bobs_state
):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    if bobs_state == "saved some":
        # Followed, so his own "saved" message is shown now and not on the first page seen.
        assert bob.post(URL, answers("Bob", only=KEYS[:2]), follow=True).status_code == 200
    alice_has_not_started = what_bob_sees(bob)

    alice.post(URL, answers("Alice", only=KEYS[:2], reveal=KEYS[:1]))
    alice_has_saved_some = what_bob_sees(bob)

    alice.post(URL, answers("Alice", action="finish", reveal=KEYS))
    assert ExerciseFinish.objects.filter(person=personas["alice"]).exists()
    alice_has_finished = what_bob_sees(bob)

    assert differences(alice_has_not_started, alice_has_saved_some) == {}
    assert differences(alice_has_not_started, alice_has_finished) == {}
    assert not any(f"Alice {key}" in page_text(alice_has_finished[URL].body) for key in KEYS)


def test_after_he_finishes_bob_waits_the_same_until_she_has_finished_too(personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    bob.post(URL, answers("Bob", action="finish", reveal=KEYS[:1]), follow=True)
    alice_has_not_started = what_bob_sees(bob)
    assert "Waiting" in page_text(alice_has_not_started[URL].body)

    alice.post(URL, answers("Alice", only=KEYS[:3], reveal=KEYS))
    alice_has_saved_some = what_bob_sees(bob)
    assert differences(alice_has_not_started, alice_has_saved_some) == {}

    alice.post(URL, answers("Alice", action="finish", reveal=KEYS[:1]))
    revealed = page_text(bob.get(URL))
    assert "What you each chose to show" in revealed
    assert f"Alice {KEYS[0]}" in revealed
    assert not any(f"Alice {key}" in revealed for key in KEYS[1:])


def test_the_harness_would_notice_a_difference(personas, client_for):
    """The comparison above is not blind: Bob's own saving changes his pages."""
    bob = client_for(personas["bob"])
    before = what_bob_sees(bob)
    bob.post(URL, answers("Bob", only=KEYS[:1]), follow=True)
    assert URL in differences(before, what_bob_sees(bob))
