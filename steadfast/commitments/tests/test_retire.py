"""Retiring (/promises/<key>/retire/): the owner only, by POST; marks and history stay."""

import pytest

from steadfast.commitments.models import Commitment, CommitmentEvent, Mark

from .conftest import days_ago, page_text, promise

pytestmark = pytest.mark.django_db


def url(commitment):
    return f"/promises/{commitment.key}/retire/"


def test_the_owner_retires_a_promise(personas, client_for):
    commitment = promise(personas["alice"])
    Mark.objects.create(commitment=commitment, owner=commitment.owner, day=days_ago(1), done=True)
    client = client_for(personas["alice"])

    response = client.post(url(commitment))

    assert response.status_code == 302 and response["Location"] == f"/promises/{commitment.key}/"
    assert Commitment.objects.get().status == "retired"
    assert [e.event for e in CommitmentEvent.objects.all()] == ["retired"]
    assert Mark.objects.count() == 1
    text = page_text(client.get(response["Location"]))
    assert "Retired" in text and "Retire this promise" not in text


@pytest.mark.parametrize("who", ["bob", "carol", "sam", "theo"])
def test_anyone_but_the_owner_gets_404(personas, client_for, who):
    commitment = promise(personas["alice"], audience="partner")
    assert client_for(personas[who]).post(url(commitment)).status_code == 404
    assert Commitment.objects.get().status == "active"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_allowed(personas, client_for, method):
    commitment = promise(personas["alice"])
    assert getattr(client_for(personas["alice"]), method)(url(commitment)).status_code == 405
