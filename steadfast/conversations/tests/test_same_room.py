"""Same-room mode: a guide kept in the page's own address; nothing is stored."""

import pytest

from steadfast.conversations.models import Conversation, Turn

from .conftest import page_text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "Who speaks first?"),
        ("?stage=speak&speaker=me", "Alice speaks. Bob listens."),
        ("?stage=speak&speaker=partner", "Bob speaks. Alice listens."),
        ("?stage=paraphrase&speaker=me", "Bob says back what they heard."),
        ("?stage=confirm&speaker=me", "Alice: is that it?"),
        ("?stage=pass&speaker=me", "Pass the device: now Bob has the floor."),
        ("?stage=pause&speaker=me", "Stopping was a good call."),
        ("?stage=%3Cscript%3E&speaker=x", "Who speaks first?"),
    ],
)
def test_the_guide_shows_whose_turn_and_which_role(personas, client_for, query, expected):
    response = client_for(personas["alice"]).get("/talk/same-room/" + query)
    assert response.status_code == 200
    page = page_text(response)
    assert expected in page
    assert "Nothing you say is written down or stored here." in page
    assert not Conversation.objects.exists() and not Turn.objects.exists()


def test_the_floor_passes_to_the_other(personas, client_for):
    page = page_text(client_for(personas["alice"]).get("/talk/same-room/?stage=pass&speaker=me"))
    assert 'href="?stage=speak&speaker=partner"' in page


def test_on_ones_own_it_still_works(personas, client_for):
    page = page_text(client_for(personas["sam"]).get("/talk/same-room/?stage=speak&speaker=me"))
    assert "Sam speaks. Your partner listens." in page
    assert client_for(personas["theo"]).get("/talk/same-room/").status_code == 404
    assert client_for(personas["sam"]).post("/talk/same-room/").status_code == 405
