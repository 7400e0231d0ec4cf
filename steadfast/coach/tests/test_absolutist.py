"""The 19-word absolutist dictionary of Al-Mosaiwi & Johnstone (2018), "In an Absolute State",
Clinical Psychological Science 6(4):529-542, doi:10.1177/2167702617747074.
"""

import pytest

from steadfast.coach import ABSOLUTIST_WORDS, analyse

PAPER_LIST = [
    "absolutely",
    "all",
    "always",
    "complete",
    "completely",
    "constant",
    "constantly",
    "definitely",
    "entire",
    "ever",
    "every",
    "everyone",
    "everything",
    "full",
    "must",
    "never",
    "nothing",
    "totally",
    "whole",
]


def test_dictionary_is_the_papers_19_words():
    assert sorted(ABSOLUTIST_WORDS) == sorted(PAPER_LIST)
    assert len(ABSOLUTIST_WORDS) == 19


@pytest.mark.parametrize("word", PAPER_LIST)
def test_each_word_is_found_whole_and_case_insensitive(word):
    assert analyse(f"I said {word.upper()} there.").absolutist_words == [word]
    assert analyse(f"{word.capitalize()}, I said.").absolutist_words == [word]


@pytest.mark.parametrize(
    "text", ["forever and however", "allow a wholesome mustard", "neverland fullness tall"]
)
def test_parts_of_longer_words_do_not_count(text):
    assert analyse(text).absolutist_words == []


def test_order_of_appearance_with_repeats():
    text = "You NEVER help, you always moan, and you never listen. Everyone sees it."
    assert analyse(text).absolutist_words == ["never", "always", "never", "everyone"]


def test_no_mental_health_inference():
    # Absolutist words are a communication nudge here; nothing about anyone's health.
    text = "I always ruin everything, nothing ever works, I'm completely and totally done."
    rendered = str(analyse(text).as_dict()).lower()
    for term in ("depress", "anxiety", "suicid", "mental", "disorder", "diagnos", "therapy"):
        assert term not in rendered
