"""Reliable change (Jacobson & Truax 1991) between two scores.

    manage.py rci --before X --after Y --sd S --r R [--lower-is-better] [--cutoff C]

Prints exactly one JSON object (`reliable_change(...).as_dict()`) on stdout. Numbers that
can't be used (not a number, SD not above 0, r outside [0, 1)) end with exit status 2 and
one line on stderr.
"""

import json
import math

from django.core.management.base import BaseCommand, CommandError

from steadfast.assessments.reliable_change import reliable_change

INVALID = 2


def number(name, text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise CommandError(f"--{name} must be a number, not {text!r}.", returncode=INVALID)
    return value


class Command(BaseCommand):
    help = "Jacobson-Truax reliable change index between two scores, as one JSON object."
    requires_system_checks = []

    def add_arguments(self, parser):
        # Read as text and checked here, so that a bad number is one line, not argparse usage.
        parser.add_argument("--before", required=True, help="score at the first occasion")
        parser.add_argument("--after", required=True, help="score at the second occasion")
        parser.add_argument("--sd", required=True, help="reference standard deviation (> 0)")
        parser.add_argument("--r", required=True, help="reliability, 0 <= r < 1")
        parser.add_argument(
            "--lower-is-better", action="store_true", help="a fall in score is an improvement"
        )
        parser.add_argument("--cutoff", help="clinical cut-off for clinically significant change")

    def handle(self, *args, **options):
        values = {name: number(name, options[name]) for name in ("before", "after", "sd", "r")}
        cutoff = None if options["cutoff"] is None else number("cutoff", options["cutoff"])
        try:
            change = reliable_change(
                values["before"],
                values["after"],
                values["sd"],
                values["r"],
                lower_is_better=options["lower_is_better"],
                cutoff=cutoff,
            )
        except ValueError as error:
            raise CommandError(str(error), returncode=INVALID) from error
        self.stdout.write(json.dumps(change.as_dict()))
