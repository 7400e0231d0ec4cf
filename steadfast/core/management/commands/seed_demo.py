from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from steadfast.accounts.models import User
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

        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        for email, name, _, note in PEOPLE:
            self.stdout.write(f"  {email:<22} {name:<6} {note}")
