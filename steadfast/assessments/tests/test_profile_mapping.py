"""The trust profile's mapping: pure functions, tables of result -> words and next step."""

import re
from datetime import UTC, datetime

import pytest

from steadfast.assessments import battery, profile
from steadfast.assessments.definitions import all_instruments, get_instrument

WHEN = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
OFFERED = {"rses", "phq9", "gad7"}  # what ships with texts


def reading(key, score, band="", flagged=False):
    return profile.Reading(key, score, band, WHEN, "KEY", flagged)


def section(sections, key):
    return next(s for s in sections if s.area.key == key)


def finding(key, score, band="", flagged=False):
    area = next(a for a in profile.AREAS if key in a.instruments)
    return profile.finding_for(area, get_instrument(key), reading(key, score, band, flagged))


@pytest.mark.parametrize(
    ("key", "score", "band", "words", "next_page"),
    [
        ("rses", 12, "low", "you seem to be hard on yourself", "safety:checkin"),
        ("rses", 20, "normal", "fairly steady, balanced way", "safety:checkin"),
        ("rses", 28, "high", "feel good about yourself", "safety:checkin"),
        ("phq9", 3, "minimal", "mood seems fairly steady", "safety:checkin"),
        ("phq9", 7, "mild", "some signs that your mood has been low", "safety:checkin"),
        # From the moderate band on, the step is people who can help.
        ("phq9", 12, "moderate", "talking with a doctor or counsellor can help", "safety:support"),
        ("phq9", 17, "moderately severe", "Please talk with a doctor", "safety:support"),
        ("phq9", 24, "severe", "Please talk with a doctor", "safety:support"),
        ("gad7", 2, "minimal", "Worry doesn't seem to be weighing", "safety:checkin"),
        ("gad7", 7, "mild", "Some worry has been around lately", "safety:checkin"),
        ("gad7", 11, "moderate", "Worry seems to have been heavy", "safety:support"),
        ("gad7", 18, "severe", "very heavy", "safety:support"),
        ("csi4", 9, "distressed", "seem strained at the moment", "couples:couple"),
        ("csi16", 60, "not distressed", "fairly content", "couples:couple"),
        ("csi32", 90, "distressed", "seem strained", "couples:couple"),
        # No bands: the score on its scale, and what higher means.
        ("dts", 60, "", "Your latest score was 60, on a scale from", "couples:couple"),
        ("rempel", 1.5, "", "from -3 to 3, where higher means more trust", "couples:couple"),
        ("ras", 4.2, "", "where higher means more content", "couples:couple"),
        # Subscales only: pointed to the result's parts, no verdict.
        ("mjs", None, "", "has no single score", "assessments:measures"),
        ("cpqsf", None, "", "has no single score", "couples:couple"),
        ("ecrrs", None, "", "not a verdict on you", "assessments:measures"),
    ],
)
def test_a_result_maps_to_words_and_a_next_step(key, score, band, words, next_page):
    found = finding(key, score, band)
    assert words in found.words
    assert found.step.url_name == next_page


def test_a_safety_flag_points_to_people_who_can_help_first():
    found = finding("phq9", 6, "mild", flagged=True)
    assert found.words.startswith(profile.FLAGGED)
    assert found.step == profile.HELP


@pytest.mark.parametrize(
    ("area", "instruments"),
    [
        ("self_worth", ["rses"]),
        ("security", ["ecrrs", "ecrs", "ecrr"]),
        ("trust", ["dts", "rempel"]),
        ("closeness", ["csi4", "csi16", "csi32", "ras"]),
        ("communication", ["cpqsf"]),
        ("jealousy", ["mjs"]),
        ("wellbeing", ["phq9", "gad7"]),
    ],
)
def test_the_areas_follow_the_roots_and_impacts(area, instruments):
    assert list(next(a for a in profile.AREAS if a.key == area).instruments) == instruments


def test_every_non_safety_instrument_has_one_area_and_no_safety_one_has_any():
    placed = [key for area in profile.AREAS for key in area.instruments]
    assert len(placed) == len(set(placed))
    assert set(placed) == set(all_instruments()) - set(battery.SAFETY_INSTRUMENTS)


def test_every_tone_names_a_real_band():
    """A misspelt band would silently fall back to the plain scale words."""
    for key, band in profile.TONES:
        assert band in {b["label"] for b in get_instrument(key).bands}, (key, band)
    for key in ("rses", "phq9", "gad7", "csi4", "csi16", "csi32"):
        for band in get_instrument(key).bands:
            assert (key, band["label"]) in profile.TONES, (key, band["label"])


def test_the_words_never_diagnose():
    texts = [words for words, _ in profile.TONES.values()]
    texts += [profile.PARTS_ONLY, profile.FLAGGED, profile.NOTHING_YET, profile.NONE_HERE]
    texts += [area.why for area in profile.AREAS]
    clinical = re.compile(
        r"depress|disorder|diagnos|clinical|symptom|patholog|\bsevere\b"
        r"|\byou (?:have|suffer from|are) (?:a|an)\b",
        re.I,
    )
    for text in texts:
        assert not clinical.search(text), text


def test_nothing_yet_says_so_and_offers_what_can_be_answered_here():
    instruments = all_instruments()
    sections = profile.trust_profile({}, instruments, OFFERED)

    assert [s.area.key for s in sections] == [a.key for a in profile.AREAS]
    assert all(not s.findings for s in sections)
    wellbeing = section(sections, "wellbeing")
    assert wellbeing.nothing_words == profile.NOTHING_YET
    assert [i.key for i in wellbeing.to_take] == ["phq9", "gad7"]
    trust = section(sections, "trust")  # no texts here: nothing to answer
    assert trust.nothing_words == profile.NONE_HERE
    assert trust.to_take == ()


def test_a_section_with_results_shows_each_and_offers_nothing_more():
    sections = profile.trust_profile(
        {"phq9": reading("phq9", 7, "mild"), "hark": reading("hark", 1)},
        all_instruments(),
        OFFERED,
    )
    wellbeing = section(sections, "wellbeing")
    assert [f.instrument.key for f in wellbeing.findings] == ["phq9"]
    assert wellbeing.to_take == () and wellbeing.nothing_words == ""
    # A safety instrument's result is in no area.
    assert "hark" not in {f.instrument.key for s in sections for f in s.findings}


def test_next_steps_name_their_step_of_the_way_through():
    assert profile.CHECKIN.step_title == "Look after yourself"
    assert profile.HELP.step_title == "Get help when you need it"
    assert profile.TALK.step_title == "Talk, and really listen"
    assert profile.MEASURES.step_title == "Understand where it comes from"
