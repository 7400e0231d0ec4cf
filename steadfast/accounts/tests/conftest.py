import pytest

from steadfast.core.testing import link, make_person, make_therapist


@pytest.fixture
def alice(db):
    return make_person("alice")


@pytest.fixture
def bob(db):
    return make_person("bob")


@pytest.fixture
def couple(alice, bob):
    return link(alice, bob)


@pytest.fixture
def theo(db):
    return make_therapist("theo")
