"""Helpers for the couple view's tests: promises, marks, answers and daily check-ins, and
reading the page with and without the section cache."""

from django.test import override_settings

from steadfast.checkins.tests.conftest import entry  # noqa: F401  (re-exported to the tests)
from steadfast.commitments.models import Acknowledgement, Mark
from steadfast.commitments.tests.conftest import days_ago, promise, today  # noqa: F401
from steadfast.core.testing import page_text, strip_csrf  # noqa: F401

URL = "/together/"


def marked(commitment, marks):
    """Marks (n days ago, done) by the promise's owner."""
    for n, done in marks:
        Mark.objects.create(
            commitment=commitment, owner=commitment.owner, day=days_ago(n), done=done
        )


def acknowledged(commitment, partner, answers):
    """Answers (n days ago, seen) by `partner`."""
    for n, seen in answers:
        Acknowledgement.objects.create(
            commitment=commitment, partner=partner, day=days_ago(n), seen=seen
        )


def section(text, heading_id):
    """The <section> whose heading has this id."""
    start = text.index(f'<section aria-labelledby="{heading_id}">')
    return text[start : text.index("</section>", start)]


def shown(client):
    """The couple view as `client` gets it, CSRF tokens blanked."""
    response = client.get(URL)
    assert response.status_code == 200
    return strip_csrf(page_text(response))


def shown_from_scratch(client):
    """The same, built without the section cache."""
    with override_settings(STEADFAST_SECTION_CACHE=False):
        return shown(client)


def count_calls(monkeypatch, owner, name):
    """A list that grows by one at each call of `owner.name` (which still runs)."""
    calls = []
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls
