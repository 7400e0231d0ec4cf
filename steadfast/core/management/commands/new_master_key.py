from django.core.management.base import BaseCommand

from steadfast.core.crypto import new_master_key_spec


class Command(BaseCommand):
    help = "Print a new random master key entry for STEADFAST_MASTER_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("key_id", nargs="?", default="k1", help="letters and digits")

    def handle(self, *args, key_id, **options):
        self.stdout.write(new_master_key_spec(key_id))
