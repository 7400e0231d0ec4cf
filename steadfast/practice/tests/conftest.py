"""Fixtures shared by the practice tests."""

import pytest

from steadfast.core.testing import pass_second_step


@pytest.fixture
def therapist_for(client_for):
    """A test client for a therapist whose session passed two-step sign-in."""

    def make(user):
        client = client_for(user)
        pass_second_step(client, user)
        return client

    return make
