import pytest

from steadfast.coach import analyse

SPANS = [
    ("Honestly, you always leave the lights on.", "criticism", "you always"),
    ("What is wrong with you?", "criticism", "What is wrong with you"),
    ("You're such an idiot.", "contempt", "You're such an idiot"),
    ("Sure you were \u201cat the gym\u201d \U0001f644", "contempt", "\U0001f644"),
    ("Well, it's not my fault the bus was late.", "defensiveness", "it's not my fault"),
    ("I'm sorry you feel that way.", "defensiveness", "I'm sorry you feel"),
    ("Ok. Leave me alone.", "stonewalling", "Leave me alone"),
    ("I feel lonely at weekends. Could we plan something?", "gentle", "I feel lonely"),
]


@pytest.mark.parametrize(("text", "label", "words"), SPANS)
def test_evidence_points_at_the_words(text, label, words):
    spans = [text[e.start : e.end] for e in analyse(text).evidence if e.label == label]
    assert words in spans


def test_every_evidence_item_has_a_one_line_explanation():
    for item in analyse(
        "You always do this, you're so lazy. I'm sorry you feel that way."
    ).evidence:
        assert item.why and "\n" not in item.why


def test_warm_always_is_not_criticism_evidence():
    feedback = analyse("You always make me laugh when I'm down.")
    assert not any(item.label == "criticism" for item in feedback.evidence)


def test_quoted_partner_words_are_not_criticism_evidence():
    feedback = analyse("What do you mean 'you always watch TV'? I was reading.")
    assert not any(item.label == "criticism" for item in feedback.evidence)


def test_break_with_return_plan_is_not_stonewalling_evidence():
    text = "I need some space, but I'll come back to this after dinner."
    feedback = analyse(text)
    assert not any(item.label == "stonewalling" for item in feedback.evidence)
    assert any(item.label == "gentle" for item in feedback.evidence)
