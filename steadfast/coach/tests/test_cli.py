import io
import json

from django.core.management import call_command


def run(lines: list[str]) -> list[dict]:
    out = io.StringIO()
    call_command("coach", "--jsonl", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_json_line_per_input_and_the_run_goes_on():
    answers = run(
        [
            json.dumps({"text": "You never listen to me."}),
            "this is not json",
            json.dumps({"previous": "hello"}),
            json.dumps({"text": ""}),
            json.dumps(["text"]),
            json.dumps({"text": "Fine.", "previous": "You forgot again."}),
        ]
    )
    assert len(answers) == 6
    first = answers[0]
    assert first["primary"] == "criticism"
    assert set(first) == {
        "primary",
        "scores",
        "absolutist_words",
        "evidence",
        "suggestion",
        "safety",
    }
    assert first["absolutist_words"] == ["never"]
    assert {"label", "start", "end", "why"} == set(first["evidence"][0])
    assert answers[1] == {"error": "not valid JSON"}
    assert answers[2] == {"error": "missing text"}
    assert answers[3] == {"error": "missing text"}
    assert "error" in answers[4]
    assert answers[5]["primary"] == "stonewalling"


def test_abstention_is_primary_null():
    (answer,) = run([json.dumps({"text": "The meeting is at 3pm in room 4."})])
    assert answer["primary"] is None
    assert answer["suggestion"] is None
