"""Beta-Bernoulli reliability estimate over marked occurrences.

    manage.py reliability --events '[{"day": "2026-01-01", "kept": true}, ...]'
                          [--half-life DAYS] [--prior-a A --prior-b B]

Prints exactly one JSON object {"n", "kept", "mean", "low", "high"} (80% credible interval,
4 decimal places) on stdout. With no forgetting and the default Beta(1, 1) prior,
mean = (1 + kept) / (2 + n). Input that can't be used (bad JSON, an event without a
YYYY-MM-DD day or a true/false kept, a day more than one day after today, a half-life or
prior not above 0) ends with exit status 2 and one line on stderr.
"""

import json
import math
import re
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steadfast.commitments.reliability import estimate

INVALID = 2
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A day "tomorrow" is allowed: the person's own time zone may already be there.
FUTURE_SLACK = timedelta(days=1)


def invalid(message):
    return CommandError(message, returncode=INVALID)


def positive(name, text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise invalid(f"--{name} must be a number, not {text!r}.")
    if value <= 0:
        raise invalid(f"--{name} must be above 0, not {text!r}.")
    return value


def parse_events(text, today):
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise invalid(
            f"--events is not valid JSON: {error.msg} at character {error.pos}."
        ) from None
    if not isinstance(raw, list):
        raise invalid('--events must be a JSON list of {"day", "kept"} objects.')
    events = []
    for index, item in enumerate(raw, start=1):
        where = f"--events item {index}"
        if not isinstance(item, dict):
            raise invalid(f'{where} must be an object with "day" and "kept".')
        for key in ("day", "kept"):
            if key not in item:
                raise invalid(f'{where} has no "{key}".')
        day_text, kept = item["day"], item["kept"]
        if not isinstance(kept, bool):
            raise invalid(f'{where}: "kept" must be true or false, not {json.dumps(kept)}.')
        day = None
        if isinstance(day_text, str) and ISO_DAY.fullmatch(day_text):
            try:
                day = date.fromisoformat(day_text)
            except ValueError:
                day = None
        if day is None:
            raise invalid(f'{where}: "day" must be a YYYY-MM-DD date, not {json.dumps(day_text)}.')
        if day > today + FUTURE_SLACK:
            raise invalid(f"{where}: {day_text} is in the future (today is {today.isoformat()}).")
        events.append((day, kept))
    return events


class Command(BaseCommand):
    help = "Beta-Bernoulli reliability (mean and 80% credible interval), as one JSON object."
    requires_system_checks = []

    def add_arguments(self, parser):
        # Read as text and checked here, so that bad input is one line, not argparse usage.
        parser.add_argument(
            "--events", required=True, help='JSON list of {"day": "YYYY-MM-DD", "kept": bool}'
        )
        parser.add_argument(
            "--half-life", help="forgetting half-life in days (> 0); none if absent"
        )
        parser.add_argument("--prior-a", default="1", help="Beta prior a (> 0), default 1")
        parser.add_argument("--prior-b", default="1", help="Beta prior b (> 0), default 1")

    def handle(self, *args, **options):
        half_life = options["half_life"]
        half_life = None if half_life is None else positive("half-life", half_life)
        prior_a = positive("prior-a", options["prior_a"])
        prior_b = positive("prior-b", options["prior_b"])
        events = parse_events(options["events"], timezone.localdate())
        try:
            result = estimate(events, half_life_days=half_life, prior_a=prior_a, prior_b=prior_b)
        except ValueError as error:
            raise invalid(str(error)) from error
        self.stdout.write(json.dumps(result.as_dict()))
