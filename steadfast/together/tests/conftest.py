"""Helpers for the couple view's tests: promises, marks, answers and daily check-ins."""

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
