from django.core.management.base import BaseCommand, CommandError

from steadfast.core import backups


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database while the app keeps running: SQLite's "
        "online backup API (checked with PRAGMA integrity_check), or pg_dump for PostgreSQL. "
        "Keep the master keys apart from the backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The file to write (must not exist yet).")
        parser.add_argument(
            "--directory",
            default="backups",
            help="Where to put a time-stamped file when --output is not given.",
        )

    def handle(self, *args, output=None, directory="backups", **options):
        target = output or backups.default_path(directory)
        try:
            counts = backups.backup(target)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {target}: {sum(counts.values())} rows in {len(counts)} tables."
        )
