"""`manage.py reliability --events JSON [--half-life DAYS] [--prior-a A --prior-b B]`."""

import json
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from steadfast.commitments.reliability import estimate

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    time_machine.move_to("2026-03-10 12:00:00+00:00", tick=False)


def run(*args):
    out = StringIO()
    call_command("reliability", *args, stdout=out)
    return out.getvalue()


def events(*pairs):
    return json.dumps([{"day": day, "kept": kept} for day, kept in pairs])


EIGHTEEN_OF_TWENTY = events(*[(f"2026-02-{day:02d}", day > 2) for day in range(1, 21)])


# fmt: off
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # nothing marked: Beta(1, 1), mean .5, interval [.1, .9]
        (["--events", "[]"], {"n": 0, "kept": 0, "mean": 0.5, "low": 0.1, "high": 0.9}),
        # 18 of 20: a = 19, b = 3, mean (1 + 18) / (2 + 20) = 19/22 = 0.8636
        (["--events", EIGHTEEN_OF_TWENTY],
         {"n": 20, "kept": 18, "mean": 0.8636, "low": 0.766, "high": 0.9463}),
        # one kept: a = 2, b = 1, mean 2/3; [sqrt(.1), sqrt(.9)] = [0.3162, 0.9487]
        (["--events", events(("2026-03-01", True))],
         {"n": 1, "kept": 1, "mean": 0.6667, "low": 0.3162, "high": 0.9487}),
        # half-life 30, kept on 03-01 (w 1) and 01-30 (30 days earlier, w .5): a = 2.5, b = 1;
        # mean 2.5/3.5 = 0.7143; [.1 ** .4, .9 ** .4] = [0.3981, 0.9587]
        (["--events", events(("2026-03-01", True), ("2026-01-30", True)), "--half-life", "30"],
         {"n": 2, "kept": 2, "mean": 0.7143, "low": 0.3981, "high": 0.9587}),
        # prior Beta(3, 1), nothing marked: mean 3/4; [.1 ** (1/3), .9 ** (1/3)]
        (["--events", "[]", "--prior-a", "3", "--prior-b", "1"],
         {"n": 0, "kept": 0, "mean": 0.75, "low": 0.4642, "high": 0.9655}),
        # tomorrow is allowed (the person's time zone may be ahead): a = 1, b = 2, mean 1/3;
        # Beta(1, 2): ppf(q) = 1 - sqrt(1 - q) -> [1 - sqrt(.9), 1 - sqrt(.1)] = [.0513, .6838]
        (["--events", events(("2026-03-11", False))],
         {"n": 1, "kept": 0, "mean": 0.3333, "low": 0.0513, "high": 0.6838}),
    ],
)
# fmt: on
def test_prints_exactly_one_json_object(args, expected):
    output = run(*args)
    assert output.count("\n") == 1
    assert json.loads(output) == expected


def test_matches_the_library():
    printed = json.loads(
        run("--events", EIGHTEEN_OF_TWENTY, "--half-life=10", "--prior-a=2", "--prior-b=.5")
    )
    pairs = [(date(2026, 2, day), day > 2) for day in range(1, 21)]
    expected = estimate(pairs, half_life_days=10, prior_a=2, prior_b=0.5).as_dict()
    assert printed == expected


# fmt: off
@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--events", "not json"], "--events is not valid JSON"),
        (["--events", '{"day": "2026-03-01", "kept": true}'], "must be a JSON list"),
        (["--events", "[1]"], "item 1 must be an object"),
        (["--events", '[{"kept": true}]'], 'item 1 has no "day"'),
        (["--events", '[{"day": "2026-03-01"}]'], 'item 1 has no "kept"'),
        (["--events", '[{"day": "2026-03-01", "kept": 1}]'], '"kept" must be true or false'),
        (["--events", '[{"day": "2026-03-01", "kept": "true"}]'], '"kept" must be true or false'),
        (["--events", '[{"day": "2026-03-01", "kept": null}]'], '"kept" must be true or false'),
        (["--events", '[{"day": "2026-02-30", "kept": true}]'], '"day" must be a YYYY-MM-DD'),
        (["--events", '[{"day": "20260301", "kept": true}]'], '"day" must be a YYYY-MM-DD'),
        (["--events", '[{"day": 20260301, "kept": true}]'], '"day" must be a YYYY-MM-DD'),
        (["--events", events(("2026-03-01", True), ("2026-03-12", True))],
         "item 2: 2026-03-12 is in the future"),
        (["--events", events(("2030-01-01", True))], "is in the future"),
        (["--events", "[]", "--half-life", "0"], "--half-life must be above 0"),
        (["--events", "[]", "--half-life", "-5"], "--half-life must be above 0"),
        (["--events", "[]", "--half-life", "soon"], "--half-life must be a number"),
        (["--events", "[]", "--prior-a", "0"], "--prior-a must be above 0"),
        (["--events", "[]", "--prior-b", "-1"], "--prior-b must be above 0"),
        (["--events", "[]", "--prior-b", "nan"], "--prior-b must be a number"),
    ],
)
# fmt: on
def test_bad_input_exits_2_with_one_line(args, named):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2
    assert named in str(raised.value)
    assert "\n" not in str(raised.value)


def test_subprocess_exit_status():
    done = subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [sys.executable, str(MANAGE), "reliability", "--events", '[{"day": "2026-03-01"}]'],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=MANAGE.parent,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == ['CommandError: --events item 1 has no "kept".']
