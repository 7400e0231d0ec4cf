"""The individual check-in: what it asks and how the screen inside it is scored.

Every person takes the same check-in, linked or not, so its presence says
nothing about them. Among general well-being questions it carries the HARK
screen (Sohal, Eldridge & Feder 2007, BMC Family Practice 8:49, open access,
CC BY): four yes/no questions about the past year, positive when any answer is
yes. The HARK wording below follows that article, with attribution; the
well-being questions are written by the Steadfast team and are not a validated
scale: they are there to give a picture and to set the screen among ordinary
questions.
"""

from dataclasses import dataclass

HARK_CITATION = (
    "HARK: Sohal H, Eldridge S, Feder G. The sensitivity and specificity of four questions "
    "(HARK) to identify intimate partner violence: a diagnostic accuracy study in general "
    "practice. BMC Family Practice 2007;8:49. Open access (CC BY)."
)
HARK_LOINC_PANEL = "76499-3"
HARK_LOINC_TOTAL = "76504-0"


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str  # "scale" (0-4) or "yesno"
    loinc: str = ""
    low: str = ""
    high: str = ""


WELLBEING_BEFORE = [
    Question(
        "sleep",
        "Over the past two weeks, how well have you been sleeping?",
        "scale",
        low="Very badly",
        high="Very well",
    ),
    Question(
        "mood", "Most days, how has your mood been?", "scale", low="Very low", high="Very good"
    ),
    Question(
        "support",
        "How easy is it to find someone to talk to when you need it?",
        "scale",
        low="Very hard",
        high="Very easy",
    ),
]

HARK = [
    Question(
        "hark_h",
        "Within the last year, have you been humiliated or emotionally abused in "
        "other ways by your partner or your ex-partner?",
        "yesno",
        loinc="76500-8",
    ),
    Question(
        "hark_a",
        "Within the last year, have you been afraid of your partner or ex-partner?",
        "yesno",
        loinc="76501-6",
    ),
    Question(
        "hark_r",
        "Within the last year, have you been raped or forced to have any kind of "
        "sexual activity by your partner or ex-partner?",
        "yesno",
        loinc="76502-4",
    ),
    Question(
        "hark_k",
        "Within the last year, have you been kicked, hit, slapped or otherwise "
        "physically hurt by your partner or ex-partner?",
        "yesno",
        loinc="76503-2",
    ),
]

WELLBEING_AFTER = [
    Question(
        "selfcare",
        "How much time have you had lately for things that do you good?",
        "scale",
        low="None at all",
        high="Plenty",
    ),
    Question(
        "hope",
        "How hopeful do you feel about the weeks ahead?",
        "scale",
        low="Not at all",
        high="Very",
    ),
]

ALL_QUESTIONS = WELLBEING_BEFORE + HARK + WELLBEING_AFTER
SCALE_VALUES = range(0, 5)


def hark_score(answers):
    """Number of HARK questions answered yes (0-4)."""
    return sum(1 for q in HARK if answers.get(q.key) is True)


def hark_positive(answers):
    """HARK is positive at a score of 1 or more (Sohal et al. 2007)."""
    return hark_score(answers) >= 1
