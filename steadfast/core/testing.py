"""Plain-Python test data: people, couples and a logged-in client.

The personas match STYLE.md §8: alice & bob (a couple), carol & dan (another
couple), sam (on their own), theo (a therapist who will hold a grant) and tina
(a therapist without one).
"""

from steadfast.accounts.models import User
from steadfast.couples.models import Couple, Membership

PASSWORD = "correct horse battery staple"  # noqa: S105  (test data)


def make_person(name, *, email=None, password=PASSWORD, role=User.Role.PERSON):
    email = email or f"{name.lower()}@example.org"
    return User.objects.create_user(
        email=email, password=password, display_name=name.capitalize(), role=role
    )


def make_therapist(name, **kwargs):
    return make_person(name, role=User.Role.THERAPIST, **kwargs)


def link(first, second):
    couple = Couple.objects.create()
    Membership.objects.bulk_create(
        [Membership(couple=couple, person=first), Membership(couple=couple, person=second)]
    )
    return couple


def make_personas():
    people = {name: make_person(name) for name in ["alice", "bob", "carol", "dan", "sam"]}
    people["theo"] = make_therapist("theo")
    people["tina"] = make_therapist("tina")
    link(people["alice"], people["bob"])
    link(people["carol"], people["dan"])
    return people
