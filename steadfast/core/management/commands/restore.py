from django.core.management.base import BaseCommand, CommandError

from steadfast.core import backups


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
