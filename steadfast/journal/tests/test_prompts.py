"""The questions to write from: a few for every root, each with its own key."""

from steadfast.core.roots import Root
from steadfast.journal.prompts import BY_KEY, PROMPTS, prompts_by_root

# Words that would diagnose, blame the partner, or invite checking up on them.
NOT_SAID = ("disorder", "diagnos", "paranoi", "pathologic", "their phone", "check on", "spy")


def test_every_root_has_three_to_five_questions():
    grouped = dict(prompts_by_root())
    assert list(grouped) == [root.label for root in Root]
    assert all(3 <= len(questions) <= 5 for questions in grouped.values())


def test_keys_are_unique_and_name_their_root():
    assert len(BY_KEY) == len(PROMPTS)
    for prompt in PROMPTS:
        assert prompt.key.startswith(prompt.root + "-")


def test_questions_are_plain_and_never_diagnose_or_point_at_the_partner():
    for prompt in PROMPTS:
        assert prompt.text.endswith(("?", ".")), prompt.text
        assert not any(word in prompt.text.lower() for word in NOT_SAID), prompt.text
