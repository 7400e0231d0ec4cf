import json
import sys

from django.core.management.base import BaseCommand, CommandError

from steadfast.coach import analyse


def answer(line: str) -> dict:
    """One JSON line in, one JSON object out; bad input becomes {"error": ...}."""
    try:
        item = json.loads(line)
    except ValueError:
        return {"error": "not valid JSON"}
    if not isinstance(item, dict):
        return {"error": "expected a JSON object with a text field"}
    text, previous = item.get("text"), item.get("previous")
    if not isinstance(text, str) or not text.strip():
        return {"error": "missing text"}
    if previous is not None and not isinstance(previous, str):
        return {"error": "previous must be a string"}
    return analyse(text, previous).as_dict()


class Command(BaseCommand):
    # Tests pass their own stdin through call_command.
    stealth_options = ("stdin",)
    help = (
        'Read JSON lines {"text": ..., "previous": ...} on stdin and write the coach\'s feedback'
        " as one JSON line each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", help="JSON lines in and out")

    def handle(self, *args, jsonl, **options):
        if not jsonl:
            raise CommandError("Only --jsonl is supported: JSON lines on stdin.")
        stdin = options.get("stdin", sys.stdin)
        for line in stdin:
            if not line.strip():
                continue
            self.stdout.write(json.dumps(answer(line)))
            self.stdout.flush()
