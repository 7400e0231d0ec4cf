"""Acknowledging (/promises/<key>/acknowledge/): the linked partner, shared promises only."""

from datetime import timedelta

import pytest

from steadfast.commitments import actions, forms
from steadfast.commitments.models import Acknowledgement
from steadfast.couples.models import Membership

from .conftest import ack_data, days_ago, page_text, promise, promise_state, today

pytestmark = pytest.mark.django_db


def url(commitment):
    return f"/promises/{commitment.key}/acknowledge/"


@pytest.mark.parametrize("seen", ["noticed", "not_noticed", "unsure"])
@pytest.mark.parametrize("audience", ["partner", "partner+therapist"])
def test_the_partner_acknowledges_a_shared_promise(personas, client_for, seen, audience):
    commitment = promise(personas["alice"], audience=audience)

    response = client_for(personas["bob"]).post(url(commitment), ack_data(days_ago(2), seen=seen))

    assert response.status_code == 302 and response["Location"] == f"/promises/{commitment.key}/"
    saved = Acknowledgement.objects.get()
    assert (saved.partner, saved.day, saved.seen) == (personas["bob"], days_ago(2), seen)


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_an_unshared_promise_is_404_for_the_partner(personas, client_for, audience):
    commitment = promise(personas["alice"], audience=audience)
    response = client_for(personas["bob"]).post(url(commitment), ack_data(days_ago(1)))
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("who", ["alice", "carol", "dan", "sam", "theo", "tina"])
def test_anyone_but_the_partner_gets_404(personas, client_for, who):
    commitment = promise(personas["alice"], audience="partner")
    response = client_for(personas[who]).post(url(commitment), ack_data(days_ago(1)))
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_an_ex_partner_gets_404(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    Membership.objects.filter(person=personas["bob"]).delete()
    response = client_for(personas["bob"]).post(url(commitment), ack_data(days_ago(1)))
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda: today() + timedelta(days=1), forms.FUTURE_DAY),
        (lambda: today() + timedelta(days=3650), forms.FUTURE_DAY),
        (lambda: days_ago(30), forms.NOT_AN_OCCURRENCE),
    ],
)
def test_a_day_not_due_or_not_yet_is_refused(personas, client_for, day, message):
    commitment = promise(personas["alice"], audience="partner", start=days_ago(20))
    before = promise_state()
    response = client_for(personas["bob"]).post(url(commitment), ack_data(day()))
    assert response.status_code == 200
    assert message in page_text(response)
    assert promise_state() == before


def test_a_tampered_answer_is_refused(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    before = promise_state()
    response = client_for(personas["bob"]).post(url(commitment), ack_data(days_ago(1), seen="yes"))
    assert forms.CHOOSE_ONE in page_text(response)
    assert promise_state() == before


def test_a_second_answer_for_the_same_day_is_refused(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    client = client_for(personas["bob"])
    client.post(url(commitment), ack_data(days_ago(1), seen="noticed"))
    before = promise_state()
    response = client.post(url(commitment), ack_data(days_ago(1), seen="not_noticed"))
    assert response.status_code == 200
    assert actions.ALREADY_ACKNOWLEDGED in page_text(response)
    assert promise_state() == before


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_allowed(personas, client_for, method):
    commitment = promise(personas["alice"], audience="partner")
    assert getattr(client_for(personas["bob"]), method)(url(commitment)).status_code == 405
