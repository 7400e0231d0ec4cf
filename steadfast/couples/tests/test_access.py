"""Who may reach the couples views: people only. Therapists get 404, visitors log in."""

import pytest

from steadfast.couples import actions
from steadfast.couples.models import Invitation

from .conftest import db_state

CODE = "ABCD-EFGH-JKMN-PQRS"
URLS = [
    "/couple/",
    "/couple/invite/",
    "/couple/invite/withdraw/",
    "/couple/join/",
    f"/couple/join/{CODE}/",
    "/couple/unlink/",
]
POST_DATA = {"code": CODE, "confirm": "on"}


@pytest.mark.parametrize("therapist", ["theo", "tina"])
def test_therapists_get_404_on_every_couples_view(personas, client_for, therapist):
    before = db_state()
    client = client_for(personas[therapist])
    for url in URLS:
        assert client.get(url).status_code == 404, url
        assert client.post(url, POST_DATA).status_code == 404, url
    assert db_state() == before


def test_visitors_are_sent_to_log_in(db, client):
    for url in URLS:
        for response in (client.get(url), client.post(url, POST_DATA)):
            assert response.status_code == 302, url
            assert response["Location"] == f"/login/?next={url}"
    assert not Invitation.objects.exists()


def test_a_therapists_code_from_elsewhere_cannot_link_anyone(personas, client_for):
    """Even an invitation row made for a therapist (never via the UI) links nobody."""
    _, code = actions.create_invitation(personas["theo"])
    before = db_state()
    response = client_for(personas["sam"]).post("/couple/join/", {"code": code})
    assert response.context["form"].errors["code"] == [actions.UNUSABLE]
    assert db_state() == before
