"""Helpers shared by the repair-path tests: a pathway Alice started (hurt) and Bob joined."""

import uuid

import pytest

from steadfast.core.testing import page_text, rows  # noqa: F401  (re-exported to the tests)
from steadfast.recovery import actions
from steadfast.recovery.models import Role


def start(alice, role=Role.HURT):
    return actions.start_pathway(alice, role=role, submission_key=uuid.uuid4())


def started_and_joined(alice, bob, role=Role.HURT):
    pathway = start(alice, role)
    return actions.join(pathway, bob)


def agree_limits(pathway, hurt, other, per_week=2, topics=("graphic",)):
    proposal = actions.propose_limits(
        pathway,
        hurt,
        per_week=per_week,
        topics=list(topics),
        other_limits="",
        submission_key=uuid.uuid4(),
    )
    return actions.accept_limits(pathway, other, proposal.key)


def key():
    return str(uuid.uuid4())


@pytest.fixture
def pathway(personas):
    return started_and_joined(personas["alice"], personas["bob"])
