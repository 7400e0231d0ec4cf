"""`manage.py score KEY --answers JSON`: one JSON object out, or exit 2 and one line."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from steadfast.assessments import definitions
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.scoring import score

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


@pytest.fixture(autouse=True)
def no_practice_texts(settings):
    settings.STEADFAST_INSTRUMENT_TEXTS = None
    definitions.reload()
    yield
    definitions.reload()


def run(*args):
    out = StringIO()
    call_command("score", *args, stdout=out)
    return out.getvalue()


def numbered(values):
    return {str(n): v for n, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("key", "values", "total", "band", "screen", "flags"),
    [
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, "minimal", False, ["self_harm_thoughts"]),
        ("rses", [3, 3, 2, 2, 1, 0, 1, 2, 3, 0], 14, "low", None, []),  # see test_scoring
        ("csi16", [6, 4] + [3] * 14, 52, "not distressed", None, []),  # 6 + 4 + 14 x 3
        ("wast-short", [3, 3], None, None, True, []),
        ("hits", [3, 3, 3, 2], 11, None, True, []),
    ],
)
def test_prints_exactly_one_json_object(key, values, total, band, screen, flags):
    output = run(key, "--answers", json.dumps(numbered(values)))
    assert output.endswith("\n") and output.count("\n") == 1
    printed = json.loads(output)
    assert printed == score(get_instrument(key), numbered(values)).as_dict()
    assert set(printed) == {
        "instrument", "valid", "total", "mean", "subscales", "band", "positive_screen", "flags",
    }  # fmt: skip
    assert (printed["valid"], printed["total"], printed["band"]) == (True, total, band)
    assert (printed["positive_screen"], printed["flags"]) == (screen, flags)


def test_subscales_are_printed_by_name():
    # CPQ-SF mixed vector: CC 1+4+5 = 10; SDPW 2+6+8 = 16; PDSW 3+7+9 = 19; DW 35
    answers = json.dumps(numbered([9, 1, 2, 3, 4, 9, 5, 6, 7, 8, 9]))
    printed = json.loads(run("cpqsf", f"--answers={answers}"))
    assert printed["total"] is None
    assert printed["subscales"] == {
        "constructive_communication": {"sum": 10, "mean": 3.3333},
        "self_demand_partner_withdraw": {"sum": 16, "mean": 5.3333},
        "partner_demand_self_withdraw": {"sum": 19, "mean": 6.3333},
        "total_demand_withdraw": {"sum": 35, "mean": 5.8333},
    }


@pytest.mark.parametrize(
    ("key", "answers", "named"),
    [
        ("phq9", "{1: 2}", "not valid JSON"),
        ("phq9", "", "not valid JSON"),
        ("phq10", "{}", "No instrument 'phq10'"),
        ("phq9", '{"11": 1}', "Item 11"),  # unknown item
        ("phq9", '{"3": 4}', "Item 3"),  # value out of range
        ("rses", '{"2": "SA"}', "Item 2"),
        ("rses", json.dumps(numbered([3] * 7)), "item(s) 8, 9, 10 unanswered"),
        ("phq9", "[0, 1, 2]", "must map item numbers"),
    ],
)
def test_invalid_answers_exit_2_naming_the_problem(key, answers, named):
    with pytest.raises(CommandError) as raised:
        run(key, "--answers", answers)
    assert raised.value.returncode == 2
    message = str(raised.value)
    assert named in message
    assert "\n" not in message


def test_from_the_command_line_stderr_is_one_line(capsys):
    """run_from_argv turns the CommandError into exit status 2 and one stderr line."""
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "score", "gad7", "--answers", '{"1": 9}']).execute()
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "CommandError: Item 1: 9 is not one of the answers [0, 1, 2, 3]."
    ]


def manage(*args):
    return subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [sys.executable, str(MANAGE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=MANAGE.parent,
        check=False,
    )


def test_subprocess_exit_status():
    done = manage("score", "hark", "--answers", '{"1": 1, "2": 0, "3": 0, "4": 0}')
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["positive_screen"] is True
    assert done.stdout.count("\n") == 1

    failed = manage("score", "hark", "--answers", '{"1": 2, "2": 0, "3": 0, "4": 0}')
    assert failed.returncode == 2
    assert failed.stdout == ""
    lines = failed.stderr.splitlines()
    assert len(lines) == 1 and "Item 1" in lines[0]
