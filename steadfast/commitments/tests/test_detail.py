"""One promise (/promises/<key>/): its days, the estimates and the perception gap."""

import pytest

from steadfast.commitments import reliability
from steadfast.commitments.models import Acknowledgement, Mark
from steadfast.couples.models import Membership

from .conftest import days_ago, page_text, promise, today

pytestmark = pytest.mark.django_db


def url(commitment):
    return f"/promises/{commitment.key}/"


def marked(commitment, n, done, note=""):
    return Mark.objects.create(
        commitment=commitment, owner=commitment.owner, day=days_ago(n), done=done, note=note
    )


def acknowledged(commitment, partner, n, seen):
    return Acknowledgement.objects.create(
        commitment=commitment, partner=partner, day=days_ago(n), seen=seen
    )


def test_the_owner_sees_days_forms_notes_and_history(personas, client_for):
    commitment = promise(personas["alice"], text="Be home by nine")
    marked(commitment, 1, True, note="Made it with a minute to spare")

    text = page_text(client_for(personas["alice"]).get(url(commitment)))

    assert "Be home by nine" in text
    assert "Made it with a minute to spare" in text
    assert text.count('class="mark-form"') == 13  # 14 days, one marked
    assert 'class="acknowledge-form"' not in text
    assert "Made" in text  # the history


def test_the_estimates_match_reliability_estimate(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    commitment = promise(alice, audience="partner")
    for n, done in [(1, True), (2, True), (3, False), (4, True)]:
        marked(commitment, n, done)
    for n, seen in [(1, "noticed"), (2, "not_noticed"), (3, "not_noticed"), (4, "unsure")]:
        acknowledged(commitment, bob, n, seen)
    half = reliability.SUGGESTED_HALF_LIFE_DAYS
    owner = reliability.estimate(
        [(days_ago(n), d) for n, d in [(4, True), (3, False), (2, True), (1, True)]],
        today=today(),
        half_life_days=half,
    )
    partner = reliability.estimate(
        [(days_ago(3), False), (days_ago(2), False), (days_ago(1), True)],
        today=today(),
        half_life_days=half,
    )

    for who in ("alice", "bob"):
        text = page_text(client_for(personas[who]).get(url(commitment)))
        assert reliability.plain_words(owner) in text
        assert reliability.plain_words(partner) in text
        # Days both answered: 1 agree, 2 disagree, 3 agree (4 is "not sure").
        assert "33% of the days both answered" in text


def test_the_partner_sees_a_shared_promise_but_never_the_notes(personas, client_for):
    commitment = promise(personas["alice"], text="Be home by nine", audience="partner")
    marked(commitment, 1, True, note="Secret reason")

    response = client_for(personas["bob"]).get(url(commitment))

    text = page_text(response)
    assert response.status_code == 200
    assert "Be home by nine" in text and "Done" in text
    assert "Secret reason" not in text
    assert 'class="mark-form"' not in text
    assert text.count('class="acknowledge-form"') == 14
    assert "promise-history" not in text


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_the_partner_gets_404_for_an_unshared_promise(personas, client_for, audience):
    commitment = promise(personas["alice"], audience=audience)
    assert client_for(personas["bob"]).get(url(commitment)).status_code == 404


@pytest.mark.parametrize("who", ["carol", "dan", "sam", "theo", "tina"])
def test_everyone_else_gets_404(personas, client_for, who):
    commitment = promise(personas["alice"], audience="partner+therapist")
    assert client_for(personas[who]).get(url(commitment)).status_code == 404


def test_an_ex_partner_gets_404(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    Membership.objects.filter(person=personas["bob"]).delete()
    assert client_for(personas["bob"]).get(url(commitment)).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(personas, client_for, method):
    commitment = promise(personas["alice"])
    assert getattr(client_for(personas["alice"]), method)(url(commitment)).status_code == 405
