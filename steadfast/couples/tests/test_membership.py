"""A person belongs to at most one couple, and the database itself says so."""

import pytest
from django.db import IntegrityError, transaction

from steadfast.couples.models import Couple, Membership, current_partner


def test_a_second_membership_is_refused_by_the_database(personas):
    alice = personas["alice"]
    other = Couple.objects.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(couple=other, person=alice)
    assert Membership.objects.filter(person=alice).count() == 1
    assert current_partner(alice) == personas["bob"]


def test_current_partner(personas):
    assert current_partner(personas["alice"]) == personas["bob"]
    assert current_partner(personas["bob"]) == personas["alice"]
    assert current_partner(personas["carol"]) == personas["dan"]
    assert current_partner(personas["sam"]) is None
    assert current_partner(personas["theo"]) is None


def test_deleting_a_couple_removes_both_memberships(personas):
    couple = Membership.objects.get(person=personas["alice"]).couple
    couple.delete()
    assert not Membership.objects.filter(person__in=[personas["alice"], personas["bob"]]).exists()
    assert current_partner(personas["bob"]) is None
