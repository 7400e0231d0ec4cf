"""Helpers shared by the program tests."""

import uuid

from steadfast.core.testing import page_text, submission_key_of  # noqa: F401  (re-exported)
from steadfast.program.models import Progress


def progress(owner, slug="1a", *, state="started", reflection="", audience="private", version=0):
    """A saved progress row, made directly."""
    return Progress.objects.create(
        owner=owner,
        module=slug,
        state=state,
        reflection=reflection,
        audience=audience,
        version=version,
    )


def reflection_data(text, *, version=0, key=None, action="save"):
    """The reflection form as the module page would post it."""
    return {
        "text": text,
        "version": str(version),
        "submission_key": str(key or uuid.uuid4()),
        "action": action,
    }
