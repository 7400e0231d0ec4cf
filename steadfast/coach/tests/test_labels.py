"""Table-driven examples per label, including the hard cases from the research notes.

None of these sentences is in the corpus, so they check generalisation, not memory.
"""

import pytest

from steadfast.coach import analyse

EXAMPLES = [
    # criticism
    ("criticism", "You always forget to lock the back door, honestly what is wrong with you"),
    ("criticism", "You're so careless with the car keys."),
    ("criticism", "I feel like you're just a very selfish person."),
    # contempt, including sarcasm with no insult word
    ("contempt", "You're such a clown, seriously."),
    ("contempt", "Oh brilliant, you burnt the toast again. Well done you."),
    ("contempt", "Wow, you actually showed up. Should I throw you a parade?"),
    # defensiveness, including the polite kind
    ("defensiveness", "It's not my fault the car broke down, you never get it serviced either."),
    ("defensiveness", "I hear you, but to be fair I was only following the plan you made."),
    ("defensiveness", "I'm sorry you feel that way."),
    # stonewalling, including one word and a break with no way back
    ("stonewalling", "whatever"),
    ("stonewalling", "k"),
    ("stonewalling", "I'm not talking about this. Leave me alone."),
    # gentle: feelings and needs, "you" used kindly, "always" used warmly, a break with a plan
    ("gentle", "I feel worried when the bills are late. Could we plan them together on Friday?"),
    ("gentle", "You're so thoughtful, thank you for remembering my mum's birthday."),
    ("gentle", "You always make Sunday mornings special. Thank you."),
    ("gentle", "I need twenty minutes to calm down, then I'll come back and we can finish this."),
    ("gentle", "I was wrong and I'm sorry. I'll call the plumber tomorrow."),
]


@pytest.mark.parametrize(("label", "text"), EXAMPLES)
def test_primary_label(label, text):
    assert analyse(text).primary == label


def test_one_word_reads_harder_as_a_reply():
    opener = analyse("Fine.").scores["stonewalling"]
    reply = analyse("Fine.", previous="You forgot to pick up the kids again.").scores[
        "stonewalling"
    ]
    assert reply >= opener


def test_scores_cover_every_label_between_0_and_1():
    feedback = analyse("You never listen.")
    assert set(feedback.scores) == {
        "criticism",
        "contempt",
        "defensiveness",
        "stonewalling",
        "gentle",
    }
    assert all(0 <= score <= 1 for score in feedback.scores.values())


@pytest.mark.parametrize(
    "text",
    ["", "   ", "The meeting is at 3pm in room 4.", "Pick up some bread on the way home."],
)
def test_never_gentle_on_absence_of_cues(text):
    # Neutral text has no gentle evidence; the coach must not call it gentle.
    feedback = analyse(text)
    assert feedback.primary != "gentle"
    assert not any(item.label == "gentle" for item in feedback.evidence)


def test_abstains_without_flag_or_suggestion():
    feedback = analyse("The meeting is at 3pm in room 4.")
    assert feedback.primary is None
    assert feedback.suggestion is None
    assert feedback.as_dict()["primary"] is None
