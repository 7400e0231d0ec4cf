"""Accepting an invitation (/couple/join/ and /couple/join/<code>/) and every refusal.

Each refusal must say something clear, change nothing in the database, and, when
it is about the state of a code, say exactly what every other code refusal says:
nobody can tell an expired code from a used, withdrawn or made-up one.
"""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from steadfast.core.testing import link, make_person
from steadfast.couples import actions
from steadfast.couples.actions import ALREADY_LINKED, OWN_INVITATION, UNUSABLE
from steadfast.couples.models import Couple, Invitation, Membership, current_partner

from .conftest import code_errors, db_state, invite, mask_code, page_text, strip_csrf

LIFETIME = timedelta(hours=72)
_names = itertools.count()


def fresh_person():
    return make_person(f"p{next(_names)}")


# ---------------------------------------------------------------------------
# Codes in every state a code can be in. Each builder makes its own inviter.
# ---------------------------------------------------------------------------


def valid_code():
    return actions.create_invitation(fresh_person())[1]


def expired_code():
    with time_machine.travel(timezone.now() - LIFETIME - timedelta(seconds=1), tick=False):
        return actions.create_invitation(fresh_person())[1]


def used_code():
    inviter = fresh_person()
    _, code = actions.create_invitation(inviter)
    actions.accept_invitation(fresh_person(), code)
    actions.unlink(inviter)  # the inviter is free again: only the use counts
    return code


def withdrawn_code():
    inviter = fresh_person()
    _, code = actions.create_invitation(inviter)
    actions.withdraw_invitations(inviter)
    return code


def superseded_code():
    inviter = fresh_person()
    _, code = actions.create_invitation(inviter)
    actions.create_invitation(inviter)
    return code


def unknown_code():
    return actions.new_code()


def inviter_linked_directly_code():
    inviter = fresh_person()
    _, code = actions.create_invitation(inviter)
    link(inviter, fresh_person())  # bypasses the withdrawal linking does
    return code


def inviter_accepted_elsewhere_code():
    inviter = fresh_person()
    _, code = actions.create_invitation(inviter)
    _, other_code = actions.create_invitation(fresh_person())
    actions.accept_invitation(inviter, other_code)
    return code


def inviter_deactivated_code():
    inviter = fresh_person()
    _, code = actions.create_invitation(inviter)
    inviter.is_active = False
    inviter.save()
    return code


CODE_STATE_REFUSALS = {
    "expired": expired_code,
    "used": used_code,
    "withdrawn": withdrawn_code,
    "superseded by a newer invitation": superseded_code,
    "unknown": unknown_code,
    "malformed: too short": lambda: "ABCD-EFGH-JKLM",
    "malformed: too long": lambda: "ABCD-EFGH-JKLM-NPQR-S",
    "malformed: symbols": lambda: "####-####-####-####",
    "malformed: words": lambda: "please link me",
    "malformed: over the field length": lambda: "ABCD-" * 10,
    "inviter linked meanwhile": inviter_linked_directly_code,
    "inviter accepted someone else's invitation": inviter_accepted_elsewhere_code,
    "inviter's account deactivated": inviter_deactivated_code,
}


@pytest.fixture
def invitee(db):
    return make_person("kim")


# ---------------------------------------------------------------------------
# Accepting
# ---------------------------------------------------------------------------


def test_join_link_prefills_the_form_then_post_links_the_two(people, client_for):
    ivy, jon = people["ivy"], people["jon"]
    code = invite(client_for(ivy))
    client = client_for(jon)

    page = client.get(f"/couple/join/{code}/")
    assert page.status_code == 200
    assert page.context["form"]["code"].value() == code
    assert f'value="{code}"' in page.content.decode()
    assert 'action="/couple/join/"' in page.content.decode()

    response = client.post("/couple/join/", {"code": code})

    assert response.status_code == 302
    assert response["Location"] == "/couple/"
    couple = Couple.objects.get()
    assert set(couple.memberships.values_list("person", flat=True)) == {ivy.pk, jon.pk}
    invitation = Invitation.objects.get()
    assert invitation.used_at is not None
    assert invitation.withdrawn_at is None
    assert current_partner(ivy) == jon
    assert current_partner(jon) == ivy

    after = client.get("/couple/")
    assert "You and Ivy are now linked." in page_text(after)
    assert "You are linked with <strong>Ivy</strong>" in after.content.decode()
    ivy_page = client_for(ivy).get("/couple/")
    assert "You are linked with <strong>Jon</strong>" in ivy_page.content.decode()


def test_join_page_without_a_code_shows_an_empty_form(people, client_for):
    page = client_for(people["ivy"]).get("/couple/join/")
    assert page.status_code == 200
    assert not page.context["form"]["code"].value()


def test_linking_withdraws_the_invitees_own_pending_invitation(people, client_for):
    ivy, jon = people["ivy"], people["jon"]
    code = invite(client_for(ivy))
    invite(client_for(jon))

    client_for(jon).post("/couple/join/", {"code": code})

    jons = Invitation.objects.get(inviter=jon)
    assert jons.withdrawn_at is not None
    assert not Invitation.objects.pending().exists()


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda c: c.lower(), id="lowercase"),
        pytest.param(lambda c: c.replace("-", ""), id="no dashes"),
        pytest.param(lambda c: c.replace("-", " "), id="spaces for dashes"),
        pytest.param(lambda c: f"  {c.lower()}  ", id="padded lowercase"),
        pytest.param(lambda c: " ".join(c.replace("-", "")), id="space between every char"),
        pytest.param(lambda c: c[:7].lower() + c[7:].replace("-", ""), id="mixed"),
    ],
)
def test_codes_are_accepted_however_they_are_typed(people, client_for, typed):
    code = invite(client_for(people["ivy"]))
    response = client_for(people["jon"]).post("/couple/join/", {"code": typed(code)})
    assert response.status_code == 302, code_errors(response)
    assert current_partner(people["jon"]) == people["ivy"]


def test_a_code_still_works_one_second_before_it_expires(people, client_for):
    code = invite(client_for(people["ivy"]))
    with time_machine.travel(timezone.now() + LIFETIME - timedelta(seconds=1), tick=False):
        response = client_for(people["jon"]).post("/couple/join/", {"code": code})
    assert response.status_code == 302, code_errors(response)
    assert current_partner(people["jon"]) == people["ivy"]


@pytest.mark.parametrize(
    "after", [LIFETIME, LIFETIME + timedelta(seconds=1)], ids=["72h", "72h+1s"]
)
def test_a_code_is_refused_once_72_hours_have_passed(people, client_for, after):
    code = invite(client_for(people["ivy"]))
    before = db_state()
    with time_machine.travel(timezone.now() + after, tick=False):
        response = client_for(people["jon"]).post("/couple/join/", {"code": code})
    assert response.status_code == 200
    assert code_errors(response) == [UNUSABLE]
    assert db_state() == before


# ---------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("build", CODE_STATE_REFUSALS.values(), ids=CODE_STATE_REFUSALS.keys())
def test_code_state_refusals_all_say_the_same_and_change_nothing(invitee, client_for, build):
    code = build()
    client = client_for(invitee)
    before = db_state()

    response = client.post("/couple/join/", {"code": code})

    assert response.status_code == 200
    assert code_errors(response) == [UNUSABLE]
    assert UNUSABLE in page_text(response)
    assert db_state() == before
    assert not Membership.objects.filter(person=invitee).exists()


def test_code_state_refusal_pages_are_identical(invitee, client_for):
    """Not just the message: the whole refusal page is the same whatever the code's state."""
    client = client_for(invitee)
    pages = {}
    for name, build in CODE_STATE_REFUSALS.items():
        code = build()
        response = client.post("/couple/join/", {"code": code})
        pages[name] = mask_code(strip_csrf(response.content), code)
    reference = pages.pop("unknown")
    for name, page in pages.items():
        assert page == reference, name


def test_own_code_is_refused_and_stays_usable(people, client_for):
    client = client_for(people["ivy"])
    code = invite(client)
    before = db_state()

    response = client.post("/couple/join/", {"code": code})

    assert code_errors(response) == [OWN_INVITATION]
    assert db_state() == before
    assert Invitation.objects.pending().count() == 1
    # Still good for the partner it was meant for.
    assert client_for(people["jon"]).post("/couple/join/", {"code": code}).status_code == 302


@pytest.mark.parametrize(
    "build", [valid_code, unknown_code, lambda: "nonsense"], ids=["valid", "unknown", "malformed"]
)
def test_someone_already_linked_cannot_join_a_second_couple(people, client_for, build):
    kim, lee = people["kim"], people["lee"]
    link(kim, lee)
    code = build()
    before = db_state()

    response = client_for(kim).post("/couple/join/", {"code": code})

    assert response.status_code == 200
    assert code_errors(response) == [ALREADY_LINKED]
    assert db_state() == before
    assert current_partner(kim) == lee


def test_an_empty_code_asks_for_one(invitee, client_for):
    before = db_state()
    response = client_for(invitee).post("/couple/join/", {"code": ""})
    assert response.status_code == 200
    assert code_errors(response)
    assert db_state() == before


def test_a_used_code_cannot_link_a_third_person(people, client_for):
    code = invite(client_for(people["ivy"]))
    assert client_for(people["jon"]).post("/couple/join/", {"code": code}).status_code == 302
    before = db_state()

    response = client_for(people["kim"]).post("/couple/join/", {"code": code})

    assert code_errors(response) == [UNUSABLE]
    assert db_state() == before


# ---------------------------------------------------------------------------
# No enumeration: the join page never tells one code from another
# ---------------------------------------------------------------------------


def test_join_page_is_the_same_for_valid_expired_used_and_unknown_codes(invitee, client_for):
    client = client_for(invitee)
    codes = {
        "valid": valid_code(),
        "expired": expired_code(),
        "used": used_code(),
        "withdrawn": withdrawn_code(),
        "unknown": unknown_code(),
    }
    before = db_state()
    pages = {}
    for name, code in codes.items():
        response = client.get(f"/couple/join/{code}/")
        assert response.status_code == 200
        assert code in response.content.decode()  # prefilled
        pages[name] = mask_code(strip_csrf(response.content), code).encode()

    assert db_state() == before  # looking at a code does nothing to it
    reference = pages.pop("valid")
    for name, page in pages.items():
        assert page == reference, name


def test_join_page_escapes_whatever_is_in_the_address(invitee, client_for):
    response = client_for(invitee).get("/couple/join/<b>x<b>/")
    assert response.status_code == 200
    assert "<b>x<b>" not in response.content.decode()
    assert "&lt;b&gt;x&lt;b&gt;" in response.content.decode()
