"""Score one set of answers: `manage.py score KEY --answers '{"1": 3, ...}'`.

Prints exactly one JSON object (`Score.as_dict()`) on stdout. Answers that can't be scored
(bad JSON, an unknown instrument or item, a value that isn't an answer, too many missing)
end with exit status 2 and one line on stderr naming the problem.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from steadfast.assessments.definitions import DefinitionError, all_instruments
from steadfast.assessments.scoring import InvalidAnswers, score

INVALID = 2


def one_line(message):
    return " ".join(str(message).split())


class Command(BaseCommand):
    help = "Score answers to an instrument and print the score as one JSON object."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("key", help="instrument key, e.g. phq9, csi4, wast-short")
        parser.add_argument(
            "--answers",
            required=True,
            help='JSON object of item number to printed value, e.g. \'{"1": 3, "2": 0}\'',
        )

    def handle(self, *args, key, answers, **options):
        try:
            instruments = all_instruments()
        except DefinitionError as error:
            raise CommandError(one_line(error)) from error
        if key not in instruments:
            raise CommandError(
                f"No instrument {key!r}; known: {', '.join(sorted(instruments))}.",
                returncode=INVALID,
            )
        try:
            parsed = json.loads(answers)
        except ValueError as error:
            raise CommandError(
                one_line(f"--answers is not valid JSON: {error}"), returncode=INVALID
            ) from error
        try:
            result = score(instruments[key], parsed)
        except InvalidAnswers as error:
            raise CommandError(one_line(error), returncode=INVALID) from error
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
