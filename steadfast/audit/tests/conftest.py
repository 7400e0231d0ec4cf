import pytest

from steadfast.core.testing import make_person, make_therapist


@pytest.fixture
def alice(db):
    return make_person("alice")


@pytest.fixture
def bob(db):
    return make_person("bob")


@pytest.fixture
def sam(db):
    return make_person("sam")


@pytest.fixture
def theo(db):
    return make_therapist("theo")


def kinds(user):
    """The user's events, oldest first, as kinds."""
    from steadfast.audit.models import Event

    return list(Event.objects.filter(user=user).order_by("at", "pk").values_list("kind", flat=True))
