from django.core.management.base import BaseCommand, CommandError

from steadfast.core.crypto import MASTER_KEY_ID, new_master_key_spec


class Command(BaseCommand):
    help = "Print a new random master key entry for STEADFAST_MASTER_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("key_id", nargs="?", default="k1", help="1 to 32 letters and digits")

    def handle(self, *args, key_id, **options):
        # The same rule as the settings: an entry printed here is one they accept.
        if not MASTER_KEY_ID.fullmatch(key_id):
            raise CommandError("A key id is 1 to 32 ASCII letters and digits.")
        self.stdout.write(new_master_key_spec(key_id))
