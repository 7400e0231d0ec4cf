"""The program page and the module page: each person's own states, start anywhere, skip,
come back; refusals for therapists, unknown modules and wrong methods."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.program.models import Progress, State
from steadfast.program.modules import MODULES

from .helpers import page_text, progress

pytestmark = pytest.mark.django_db


def test_the_program_page_lists_every_module_with_its_state(personas, client_for):
    alice = personas["alice"]
    progress(alice, "1b", state=State.DONE)
    progress(alice, "2a", state=State.SKIPPED, reflection="Hard to say")
    text = page_text(client_for(alice).get("/way/"))
    for module in MODULES:
        assert f'href="/way/{module.slug}/">{module.title}</a>' in text
    assert "You've done 1 of 13 modules." in text
    assert "Done" in text and "Skipped for now" in text and "Not started" in text
    assert "reflection written" in text
    assert "Hard to say" not in text  # reflections are never listed
    assert 'A good next one: <a href="/way/1a/">' in text


def test_the_program_page_costs_the_same_however_much_was_done(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    client.get("/way/")

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/way/").status_code == 200
        return len(queries)

    before = cost()
    for module in MODULES:
        progress(sam, module.slug, state=State.DONE, reflection="Words")
    assert cost() == before


def test_a_module_page_has_the_lesson_the_exercise_and_the_question(personas, client_for):
    module = MODULES[0]
    text = page_text(client_for(personas["sam"]).get(f"/way/{module.slug}/"))
    assert module.title in text
    for paragraph in module.lesson:
        assert paragraph in text
    assert module.exercise in text and module.reflection in text
    for link in module.links:
        assert f'href="{link.url}"' in text
    assert "You haven't started this one yet." in text
    assert 'value="started"' in text and 'value="done"' in text and 'value="skipped"' in text


def test_lesson_text_is_escaped(personas, client_for):
    content = client_for(personas["sam"]).get("/way/1c/").content.decode()
    assert "&quot;They&#x27;re hiding something.&quot;" in content


@pytest.mark.parametrize(
    ("moves", "state", "shown"),
    [
        (["started"], State.STARTED, "Your progress: started."),
        (["done"], State.DONE, "Your progress: done."),
        (["skipped"], State.SKIPPED, "Your progress: skipped for now."),
        (["skipped", "started"], State.STARTED, "Your progress: started."),  # come back
        (["done", "started"], State.STARTED, "Your progress: started."),
        (["done", "done"], State.DONE, "Your progress: done."),  # a double submit
    ],
)
def test_start_done_skip_and_come_back(personas, client_for, moves, state, shown):
    sam = personas["sam"]
    client = client_for(sam)
    for move in moves:
        response = client.post("/way/3a/progress/", {"state": move})
        assert response.status_code == 302 and response["Location"] == "/way/3a/"
    row = Progress.objects.get(owner=sam)
    assert (row.module, row.state, row.audience) == ("3a", state, "private")
    assert (row.done_at is not None) == (state == State.DONE)
    assert (row.skipped_at is not None) == (state == State.SKIPPED)
    assert shown in page_text(client.get("/way/3a/"))


def test_any_module_can_be_started_first(personas, client_for):
    client = client_for(personas["sam"])
    assert client.post("/way/5b/progress/", {"state": "done"}).status_code == 302
    assert Progress.objects.get().module == "5b"


@pytest.mark.parametrize("data", [{}, {"state": "finished"}, {"state": ""}])
def test_an_unknown_move_changes_nothing(personas, client_for, data):
    response = client_for(personas["sam"]).post("/way/1a/progress/", data)
    assert response.status_code == 200
    assert "Nothing changed" in page_text(response)
    assert not Progress.objects.exists()


@pytest.mark.parametrize(
    "url", ["/way/9z/", "/way/nothing/", "/way/9z/progress/", "/way/9z/share/"]
)
def test_an_unknown_module_is_404(personas, client_for, url):
    client = client_for(personas["sam"])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"state": "done", "audience": "partner"}).status_code == 404
    assert not Progress.objects.exists()


@pytest.mark.parametrize("therapist", ["theo", "tina"])
@pytest.mark.parametrize(
    "url",
    ["/way/", "/way/1a/", "/way/1a/progress/", "/way/1a/share/", "/way/sharing/", "/way/together/"],
)
def test_therapists_get_404(personas, client_for, therapist, url):
    client = client_for(personas[therapist])
    assert client.get(url).status_code == 404
    assert client.post(url, {"state": "done", "share_done": "on"}).status_code == 404
    assert not Progress.objects.exists()


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/way/", "post"),
        ("/way/together/", "post"),
        ("/way/sharing/", "get"),
        ("/way/1a/progress/", "get"),
        ("/way/1a/share/", "get"),
    ],
)
def test_wrong_method_is_405(personas, client_for, url, method):
    assert getattr(client_for(personas["sam"]), method)(url).status_code == 405


def test_someone_elses_progress_changes_nothing_of_mine(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    progress(alice, "1a", state=State.DONE, reflection="Alice's words", audience="partner")
    text = page_text(client_for(bob).get("/way/1a/"))
    assert "Alice's words" not in text
    assert "You haven't started this one yet." in text
    client_for(bob).post("/way/1a/progress/", {"state": "skipped"})
    assert Progress.objects.get(owner=alice).state == State.DONE
    assert Progress.objects.get(owner=bob).state == State.SKIPPED
