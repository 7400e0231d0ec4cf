"""Making and withdrawing an invitation (/couple/invite/, /couple/invite/withdraw/)."""

import hashlib
import re
from datetime import timedelta

from django.contrib.sessions.models import Session

from steadfast.couples.actions import ALREADY_LINKED, CODE_ALPHABET
from steadfast.couples.models import Invitation
from steadfast.couples.views import NEW_CODE_KEY

from .conftest import db_state, invite, page_text

CODE_SHAPE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{3}}$")


def test_invite_stores_only_the_digest_and_shows_the_code_once(people, client_for):
    client = client_for(people["ivy"])

    response = client.post("/couple/invite/")
    assert response.status_code == 302
    page = client.get("/couple/")
    code = page.context["new_code"]

    assert CODE_SHAPE.match(code)
    invitation = Invitation.objects.get()
    assert invitation.inviter == people["ivy"]
    assert invitation.code_digest == hashlib.sha256(code.encode()).hexdigest()
    stored = " ".join(str(value) for value in Invitation.objects.values().get().values())
    assert code not in stored
    assert invitation.expires_at - invitation.created_at == timedelta(hours=72)

    # Shown on the page after the POST, with a link that carries it.
    text = page_text(page)
    assert code in text
    assert f"http://testserver/couple/join/{code}/" in text

    # Not on a reload: the page only says an invitation is waiting.
    reload = client.get("/couple/")
    assert "new_code" not in reload.context
    assert code not in page_text(reload)
    assert "You have an invitation waiting" in page_text(reload)
    # ...and no copy of the plain code is left in any stored session.
    assert NEW_CODE_KEY not in client.session
    for session in Session.objects.all():
        assert code not in str(session.get_decoded())


def test_each_invitation_gets_a_different_code(people, client_for):
    client = client_for(people["ivy"])
    codes = {invite(client) for _ in range(5)}
    assert len(codes) == 5
    assert Invitation.objects.values("code_digest").distinct().count() == 5


def test_a_new_invitation_withdraws_the_previous_one(people, client_for):
    client = client_for(people["ivy"])
    invite(client)
    first = Invitation.objects.get()

    invite(client)

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert first.used_at is None
    pending = Invitation.objects.pending()
    assert pending.count() == 1
    assert pending.get().pk != first.pk


def test_new_invitation_leaves_other_peoples_invitations_alone(people, client_for):
    invite(client_for(people["jon"]))
    invite(client_for(people["ivy"]))
    invite(client_for(people["ivy"]))
    assert Invitation.objects.pending().filter(inviter=people["jon"]).count() == 1


def test_withdraw_ends_the_pending_invitation(people, client_for):
    client = client_for(people["ivy"])
    invite(client)

    response = client.post("/couple/invite/withdraw/", follow=True)

    invitation = Invitation.objects.get()
    assert invitation.withdrawn_at is not None
    assert not Invitation.objects.pending().exists()
    text = page_text(response)
    assert "Your invitation is withdrawn" in text
    assert "You have an invitation waiting" not in text
    assert "Withdraw the invitation" not in text


def test_withdraw_without_an_invitation_changes_nothing(people, client_for):
    client = client_for(people["ivy"])
    before = db_state()
    response = client.post("/couple/invite/withdraw/", follow=True)
    assert response.status_code == 200
    assert "withdrawn" not in page_text(response)
    assert db_state() == before


def test_withdraw_leaves_used_invitations_as_they_were(people, client_for):
    ivy = client_for(people["ivy"])
    code = invite(ivy)
    client_for(people["jon"]).post("/couple/join/", {"code": code})
    used = Invitation.objects.get()
    assert used.used_at is not None

    ivy.post("/couple/invite/withdraw/")

    used.refresh_from_db()
    assert used.withdrawn_at is None


def test_a_linked_person_cannot_invite(personas, client_for):
    client = client_for(personas["alice"])
    before = db_state()

    response = client.post("/couple/invite/", follow=True)

    assert ALREADY_LINKED in page_text(response)
    assert "new_code" not in response.context
    assert db_state() == before


def test_invite_and_withdraw_take_post_only(people, client_for):
    client = client_for(people["ivy"])
    assert client.get("/couple/invite/").status_code == 405
    assert client.get("/couple/invite/withdraw/").status_code == 405
    assert not Invitation.objects.exists()
