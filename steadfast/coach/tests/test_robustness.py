import json

from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.coach import analyse
from steadfast.coach.feedback import MAX_CHARS
from steadfast.coach.lexicon import LABELS

LABELS_AND_NONE = {*LABELS, None}


def check(text, previous=None):
    feedback = analyse(text, previous)
    assert feedback.primary in LABELS_AND_NONE
    assert all(0.0 <= score <= 1.0 for score in feedback.scores.values())
    for item in feedback.evidence:
        assert 0 <= item.start < item.end <= min(len(text), MAX_CHARS)
    json.dumps(feedback.as_dict())
    return feedback


@settings(max_examples=150, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text()))
def test_arbitrary_text_never_raises_and_spans_are_in_bounds(text, previous):
    check(text, previous)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "you",
                "always",
                "never",
                "\U0001f644",
                '"',
                "'",
                "but",
                " ",
                ".",
                "I feel",
                "sorry",
                "\u202e",
                "\x00",
                "ok",
            ]
        ),
        max_size=60,
    )
)
def test_cue_soup_never_raises(parts):
    check(" ".join(parts))


def test_edge_inputs():
    for text in [
        "",
        "\x00\x01\x1b[31m",
        "\u05d0\u05ea\u05d4 \u05ea\u05de\u05d9\u05d3",
        "\ud800",
        "\U0001f644" * 10_000,
        "You always. " * 50_000,
    ]:
        check(text)


def test_very_long_input_is_capped():
    text = "You never listen. " * 5_000
    feedback = check(text)
    assert all(item.end <= MAX_CHARS for item in feedback.evidence)
