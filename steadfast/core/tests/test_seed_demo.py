"""`manage.py seed_demo`: the demo accounts, printed logins, and idempotence."""

from io import StringIO

from django.core.management import call_command

from steadfast.accounts.models import User
from steadfast.core.management.commands.seed_demo import DEMO_PASSWORD
from steadfast.couples.models import Couple, Invitation, Membership, current_partner

EMAILS = ["alice", "bob", "carol", "dan", "sam", "theo"]


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def everything():
    return (
        list(User.objects.order_by("pk").values()),
        list(Couple.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(Invitation.objects.order_by("pk").values()),
    )


def user(name):
    return User.objects.get(email=f"{name}@example.org")


def test_seed_demo_creates_the_demo_accounts(db):
    output = seed()

    assert User.objects.count() == 6
    for name in EMAILS:
        account = user(name)
        assert account.display_name == name.capitalize()
        assert account.check_password(DEMO_PASSWORD)
        assert account.is_active
        assert not account.is_staff
        assert not account.is_superuser
    assert user("theo").is_therapist
    for name in ["alice", "bob", "carol", "dan", "sam"]:
        assert user(name).is_person

    assert Couple.objects.count() == 2
    assert current_partner(user("alice")) == user("bob")
    assert current_partner(user("carol")) == user("dan")
    assert current_partner(user("sam")) is None
    assert current_partner(user("theo")) is None

    assert DEMO_PASSWORD in output
    for name in EMAILS:
        assert f"{name}@example.org" in output


def test_seed_demo_twice_changes_nothing(db):
    first_output = seed()
    before = everything()

    second_output = seed()

    assert everything() == before
    assert second_output == first_output


def test_seed_demo_leaves_existing_accounts_and_links_alone(db):
    """Someone who already exists keeps their password, and a hand-made link stands."""
    User.objects.create_user(
        email="alice@example.org", password="her own password", display_name="Al"
    )
    sam = User.objects.create_user(email="sam@example.org", password="x" * 12, display_name="Sam")
    bob = User.objects.create_user(email="bob@example.org", password="y" * 12, display_name="Bob")
    couple = Couple.objects.create()
    Membership.objects.create(couple=couple, person=sam)
    Membership.objects.create(couple=couple, person=bob)

    seed()

    alice = user("alice")
    assert alice.check_password("her own password")
    assert alice.display_name == "Al"
    assert current_partner(alice) is None  # Bob is taken: no second couple
    assert current_partner(bob) == sam
    assert current_partner(user("carol")) == user("dan")


def history_counts():
    from steadfast.checkins.models import DailyCheckIn
    from steadfast.commitments.models import Acknowledgement, Commitment, CommitmentEvent, Mark

    return [m.objects.count() for m in (Commitment, CommitmentEvent, Mark, Acknowledgement)] + [
        DailyCheckIn.objects.count()
    ]


def test_seed_demo_gives_alice_and_bob_weeks_of_history_once(db):
    from steadfast.checkins.models import DailyCheckIn
    from steadfast.commitments.models import Commitment

    seed()
    commitments, events, marks, acks, checkins = history_counts()
    assert (commitments, events) == (3, 3)
    assert marks > 20 and acks > 10 and checkins > 40
    alice = user("alice")
    private = Commitment.objects.get(owner=alice, audience="private")
    assert private.marks.count() == 0
    for commitment in Commitment.objects.all():
        for mark in commitment.marks.all():
            assert commitment.is_occurrence(mark.day)
    assert not DailyCheckIn.objects.exclude(owner__in=[alice, user("bob")]).exists()

    seed()
    assert history_counts() == [commitments, events, marks, acks, checkins]
