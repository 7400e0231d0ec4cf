from django.core.management.base import BaseCommand, CommandError

from steadfast.core import backups
from steadfast.datarights import ledger


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database. Refused when the "
        "database already holds data, unless --replace. Needs the same master keys the "
        "backup was made under to read anyone's data afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite everything in a database that already holds data.",
        )

    def handle(self, *args, source, replace=False, **options):
        try:
            counts = backups.restore(source, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        lines = [f"  {table}: {count}" for table, count in sorted(counts.items())]
        self.stdout.write(
            f"Restored {source}: {sum(counts.values())} rows in {len(counts)} tables.\n"
            + "\n".join(lines)
        )
        # Accounts erased after this backup was taken are erased again, before anyone
        # can read them (steadfast/datarights/ledger.py).
        accounts, keys = ledger.reapply()
        self.stdout.write(
            f"Erasure ledger {ledger.path()}: {accounts} account(s) and {keys} data key(s) "
            "erased since this backup were erased again."
        )
