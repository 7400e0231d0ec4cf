import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from steadfast.accounts.models import User
from steadfast.accounts.timezones import today_for
from steadfast.checkins.actions import record_checkin
from steadfast.commitments import actions as promises
from steadfast.commitments.models import Commitment, Seen
from steadfast.couples.models import Couple, Membership

DEMO_PASSWORD = "demo-steadfast-2026"  # noqa: S105  (printed for the demo on purpose)
PEOPLE = [
    ("alice@example.org", "Alice", User.Role.PERSON, "linked with Bob"),
    ("bob@example.org", "Bob", User.Role.PERSON, "linked with Alice"),
    ("carol@example.org", "Carol", User.Role.PERSON, "linked with Dan"),
    ("dan@example.org", "Dan", User.Role.PERSON, "linked with Carol"),
    ("sam@example.org", "Sam", User.Role.PERSON, "on their own"),
    ("theo@example.org", "Theo", User.Role.THERAPIST, "therapist"),
]
COUPLES = [("alice@example.org", "bob@example.org"), ("carol@example.org", "dan@example.org")]
HISTORY_DAYS = 42  # six weeks of promises and check-ins for Alice and Bob


class Command(BaseCommand):
    help = "Create demo accounts (two couples, a solo person, a therapist) and print their logins."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo makes accounts with a published password: not in production."
            )
        users = {}
        for email, name, role, _ in PEOPLE:
            user, created = User.objects.get_or_create(
                email=email, defaults={"display_name": name, "role": role}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            users[email] = user
        for first, second in COUPLES:
            a, b = users[first], users[second]
            if Membership.objects.filter(person__in=[a, b]).exists():
                continue  # already linked (or linked elsewhere by hand): leave it be
            couple = Couple.objects.create()
            Membership.objects.bulk_create(
                [Membership(couple=couple, person=a), Membership(couple=couple, person=b)]
            )

        self._history(users["alice@example.org"], users["bob@example.org"])

        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        for email, name, _, note in PEOPLE:
            self.stdout.write(f"  {email:<22} {name:<6} {note}")

    def _history(self, alice, bob):
        """Six weeks of a couple slowly rebuilding trust, so the pages have something to show.

        Made once: people who already have promises are left alone. The same seed gives
        the same history, made through the same actions the pages use.
        """
        if Commitment.objects.filter(owner__in=[alice, bob]).exists():
            return
        rng = random.Random(2026)
        today = today_for(alice)
        first = today - timedelta(days=HISTORY_DAYS - 1)

        def make(owner, text, kind, audience, weekdays="", root=""):
            schedule = {"kind": kind, "weekdays": weekdays, "start": first, "end": None}
            return promises.make_commitment(
                owner,
                text=text,
                root=root,
                schedule=schedule,
                audience=audience,
                submission_key=uuid.uuid4(),
            )

        late = make(
            alice,
            "Text Bob if I'll be home after seven",
            "daily",
            "partner",
            root="broken_promises",
        )
        walk = make(
            bob,
            "A phone-free walk together",
            "weekly",
            "partner",
            weekdays="25",
            root="communication",
        )
        make(alice, "Ten minutes for myself before bed", "daily", "private", root="self_worth")

        for days_ago in range(HISTORY_DAYS - 1, 0, -1):
            day = today - timedelta(days=days_ago)
            progress = 1 - days_ago / HISTORY_DAYS  # things get steadier over the weeks
            for commitment, partner in ((late, bob), (walk, alice)):
                if not commitment.is_occurrence(day):
                    continue
                kept = rng.random() < 0.55 + 0.4 * progress
                promises.mark(commitment, day=day, done=kept, note="", submission_key=uuid.uuid4())
                if rng.random() < 0.8:  # the partner doesn't answer every day
                    noticed = kept if rng.random() < 0.85 else not kept
                    seen = Seen.NOTICED if noticed else Seen.NOT_NOTICED
                    promises.acknowledge(
                        commitment, partner, day=day, seen=seen, submission_key=uuid.uuid4()
                    )
            for person, lift in ((alice, 0), (bob, 1)):
                if rng.random() < 0.15:
                    continue  # a missed day now and then
                base = 3 + 5 * progress + lift
                record_checkin(
                    person,
                    day=day,
                    trust=_scale(base + rng.uniform(-1.5, 1.5)),
                    closeness=_scale(base + rng.uniform(-2, 2)),
                    mood=_scale(base + rng.uniform(-2, 1.5)),
                    note="",
                    audience="partner",
                    submission_key=uuid.uuid4(),
                )


def _scale(value):
    return max(0, min(10, round(value)))
