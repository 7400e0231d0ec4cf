"""`manage.py rci --before X --after Y --sd S --r R [--lower-is-better] [--cutoff C]`."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from steadfast.assessments.reliable_change import reliable_change

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def run(*args):
    out = StringIO()
    call_command("rci", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # RSES 12 -> 19, SD 5.8, r .85: RCI = 7 / 3.1768 = 2.2035, reliable
        (["--before", "12", "--after", "19", "--sd", "5.8", "--r", ".85"],
         {"sem": 2.2463, "sediff": 3.1768, "rci": 2.2035, "min_reliable_change": 6.2265,
          "reliable": True, "interpretation": "reliable improvement",
          "clinically_significant": None}),
        # RSES 18 -> 22: RCI = 4 / 3.1768 = 1.2591, not reliable
        (["--before", "18", "--after", "22", "--sd", "5.8", "--r", "0.85"],
         {"sem": 2.2463, "sediff": 3.1768, "rci": 1.2591, "min_reliable_change": 6.2265,
          "reliable": False, "interpretation": "no reliable change",
          "clinically_significant": None}),
        # CSI-16 40 -> 52, SD 15, alpha .98, cut-off 51.5: RCI 12 / 3 = 4.00; 1.96 x 3 = 5.88
        (["--before", "40", "--after", "52", "--sd", "15", "--r", ".98", "--cutoff", "51.5"],
         {"sem": 2.1213, "sediff": 3.0, "rci": 4.0, "min_reliable_change": 5.88,
          "reliable": True, "interpretation": "reliable improvement",
          "clinically_significant": True}),
        # CSI-4 10 -> 15, SD 4, alpha .94, cut-off 13.5: RCI = 5 / 1.3856 = 3.6084
        (["--before", "10", "--after", "15", "--sd", "4", "--r", ".94", "--cutoff", "13.5"],
         {"sem": 0.9798, "sediff": 1.3856, "rci": 3.6084, "min_reliable_change": 2.7159,
          "reliable": True, "interpretation": "reliable improvement",
          "clinically_significant": True}),
        # lower is better: 20 -> 8, SD 5, r .8, cut-off 10: RCI = -12 / 3.1623 = -3.7947
        (["--before", "20", "--after", "8", "--sd", "5", "--r", ".8", "--cutoff", "10",
          "--lower-is-better"],
         {"sem": 2.2361, "sediff": 3.1623, "rci": -3.7947, "min_reliable_change": 6.1981,
          "reliable": True, "interpretation": "reliable improvement",
          "clinically_significant": True}),
        # negative scores parse as numbers (Rempel sums run -51..51): -10 -> -4, SD 5, r .8
        (["--before", "-10", "--after", "-4", "--sd", "5", "--r", ".8"],
         {"sem": 2.2361, "sediff": 3.1623, "rci": 1.8974, "min_reliable_change": 6.1981,
          "reliable": False, "interpretation": "no reliable change",
          "clinically_significant": None}),
    ],
)  # fmt: skip
def test_prints_exactly_one_json_object(args, expected):
    output = run(*args)
    assert output.count("\n") == 1
    assert json.loads(output) == expected


def test_matches_the_library():
    printed = json.loads(run("--before=3", "--after=9", "--sd=2.5", "--r=0.7", "--cutoff=5"))
    assert printed == reliable_change(3, 9, 2.5, 0.7, cutoff=5).as_dict()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--sd", "0", "--r", ".8"], "standard deviation"),
        (["--sd", "-2", "--r", ".8"], "standard deviation"),
        (["--sd", "5", "--r", "1"], "reliability"),
        (["--sd", "5", "--r", "1.5"], "reliability"),
        (["--sd", "5", "--r", "-0.1"], "reliability"),
        (["--sd", "five", "--r", ".8"], "--sd must be a number"),
        (["--sd", "nan", "--r", ".8"], "--sd must be a number"),
        (["--sd", "inf", "--r", ".8"], "--sd must be a number"),
        (["--sd", "5", "--r", ".8", "--cutoff", "x"], "--cutoff must be a number"),
    ],
)
def test_bad_numbers_exit_2_with_one_line(args, named):
    with pytest.raises(CommandError) as raised:
        run("--before", "10", "--after", "12", *args)
    assert raised.value.returncode == 2
    assert named in str(raised.value)
    assert "\n" not in str(raised.value)


def test_subprocess_exit_status():
    done = subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [sys.executable, str(MANAGE), "rci", "--before", "1", "--after", "2", "--sd", "0",
         "--r", ".9"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=MANAGE.parent,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "CommandError: The standard deviation must be a positive number."
    ]
