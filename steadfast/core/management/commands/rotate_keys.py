from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from steadfast.accounts.models import User
from steadfast.core import keyring
from steadfast.core.crypto import DecryptionError
from steadfast.core.models import DataKey


class Command(BaseCommand):
    help = (
        "Re-wrap every person's data key under the current (first) master key, so older "
        "master keys can be removed. With --data-keys, also give people new data keys and "
        "re-encrypt what they wrote."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-keys",
            action="store_true",
            help="also replace each person's data key and re-encrypt their values",
        )
        parser.add_argument("--person", help="with --data-keys: only this person (email address)")

    def handle(self, *args, data_keys, person, **options):
        # Check the arguments before changing anything.
        if person and not data_keys:
            raise CommandError("--person goes with --data-keys.")
        owners = None
        if person:
            user = User.objects.filter(email=User.objects.normalize_email(person)).first()
            if user is None:
                raise CommandError("No account has that email address.")
            owners = [user.pk]

        try:
            with transaction.atomic():
                rewrapped = keyring.rewrap_all()
        except DecryptionError as error:
            raise CommandError(
                f"Nothing was re-wrapped: {error}. Keep every master key that still wraps a "
                "data key in STEADFAST_MASTER_KEYS (after the new one) until this succeeds."
            ) from error
        self.stdout.write(f"Re-wrapped {rewrapped} data key(s) under the current master key.")
        if not data_keys:
            return
        if owners is None:
            owners = list(DataKey.objects.values_list("owner_id", flat=True).distinct())
        people = resealed = 0
        for owner_id in owners:
            resealed += keyring.rotate_data_key(owner_id)
            people += 1
        self.stdout.write(
            f"New data keys for {people} person(s); re-encrypted {resealed} record(s)."
        )
