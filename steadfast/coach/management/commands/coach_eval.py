from django.core.management.base import BaseCommand

from steadfast.coach import analyse
from steadfast.coach.classifier import load_corpus
from steadfast.coach.metrics import evaluate


class Command(BaseCommand):
    help = (
        "Print the coach's figures on a split of its corpus (the held-out test split by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--split", default="test", choices=["train", "dev", "test"])

    def handle(self, *args, split, **options):
        report = evaluate(
            load_corpus((split,)), lambda text, previous: analyse(text, previous).primary
        )
        self.stdout.write(f"split: {split}")
        for line in report.lines():
            self.stdout.write(line)
