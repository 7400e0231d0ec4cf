"""The trust profile: a person's own latest results set against the roots and impacts
of distrust (DESIGN.md §1), in plain words, each with the step of the program it points
to. Pure functions, no request and no database.

The words are ours. They say how things seem on the day the person answered, never
what someone "has"; bands are turned into a tone, not repeated as clinical labels.
"""

from dataclasses import dataclass

from steadfast.core.steps import WAY_THROUGH

from . import interpretation


@dataclass(frozen=True)
class NextStep:
    step: int
    label: str
    url_name: str  # a page without arguments

    @property
    def step_title(self):
        return next(s.title for s in WAY_THROUGH if s.number == self.step)


MEASURES = NextStep(1, "Your measures", "assessments:measures")
TALK = NextStep(2, "Your partner page", "couples:couple")
HELP = NextStep(3, "People who can help", "safety:support")
CHECKIN = NextStep(5, "Your check-in", "safety:checkin")


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    part: str  # where it sits in DESIGN.md §1, in plain words
    why: str
    instruments: tuple  # instrument keys, in the order shown
    step: NextStep
    higher_means: str = ""  # for instruments without bands: what a higher score means


AREAS = (
    Area(
        "self_worth",
        "How you see yourself",
        "One of the roots of distrust: a shaky sense of your own worth",
        "When we doubt our own worth, it is easier to doubt that someone else could "
        "really mean well by us.",
        ("rses",),
        CHECKIN,
    ),
    Area(
        "security",
        "Feeling secure when you are close to someone",
        "One of the roots of distrust: old insecurity about closeness",
        "How safe closeness feels is shaped by everything that came before, long before "
        "this relationship. Knowing your own pattern makes it easier to explain it.",
        ("ecrrs", "ecrs", "ecrr"),
        MEASURES,
    ),
    Area(
        "trust",
        "Trust in your partner",
        "The heart of it: trust worn down by hurt, broken promises or secrets",
        "Trust comes back slowly, through small promises kept again and again. Watching "
        "it over time says more than any one result.",
        ("dts", "rempel"),
        TALK,
        higher_means="more trust",
    ),
    Area(
        "closeness",
        "Closeness and satisfaction",
        "One of the impacts of distrust: drifting apart",
        "When trust is shaken, couples often pull back from each other without meaning to.",
        ("csi4", "csi16", "csi32", "ras"),
        TALK,
        higher_means="more content with the relationship",
    ),
    Area(
        "communication",
        "How you talk together",
        "A root and an impact: talking breaks down when trust does",
        "Holding back for fear of how the other will react, or pushing while the other "
        "pulls away, are patterns that can be unlearned.",
        ("cpqsf",),
        TALK,
    ),
    Area(
        "jealousy",
        "Jealous thoughts",
        "One of the impacts of distrust: jealousy and checking",
        "Jealous thoughts are common when trust is shaken. They are thoughts, not facts, "
        "and checking up on a partner tends to feed them rather than calm them.",
        ("mjs",),
        MEASURES,
    ),
    Area(
        "wellbeing",
        "Your wellbeing",
        "Part of the way through: looking after yourself",
        "Your wellbeing counts on its own, not only as part of a couple, and it makes "
        "trusting and being trusted easier.",
        ("phq9", "gad7"),
        CHECKIN,
    ),
)

# Our own words for an instrument's band, and whether it points to people who can help.
TONES = {
    ("rses", "low"): (
        "Right now you seem to be hard on yourself. That is common when trust has been "
        "shaken, and it can change: small kindnesses towards yourself count.",
        False,
    ),
    ("rses", "normal"): (
        "You seem to see yourself in a fairly steady, balanced way at the moment: a good "
        "base to rebuild trust from.",
        False,
    ),
    ("rses", "high"): (
        "You seem to feel good about yourself at the moment. That steadiness can help you both.",
        False,
    ),
    ("phq9", "minimal"): ("Your mood seems fairly steady at the moment.", False),
    ("phq9", "mild"): (
        "There are some signs that your mood has been low lately. Sleep, time outdoors and "
        "time with people you like can all help.",
        False,
    ),
    ("phq9", "moderate"): (
        "Your mood seems to have been low for a while. That deserves care in its own "
        "right, and talking with a doctor or counsellor can help.",
        True,
    ),
    ("phq9", "moderately severe"): (
        "Your mood seems to have been low for a while, and heavily so. Please talk with a "
        "doctor or counsellor soon; you don't have to carry this alone.",
        True,
    ),
    ("phq9", "severe"): (
        "Your mood seems to have been very low lately. Please talk with a doctor or "
        "counsellor soon; you don't have to carry this alone.",
        True,
    ),
    ("gad7", "minimal"): ("Worry doesn't seem to be weighing on you much at the moment.", False),
    ("gad7", "mild"): (
        "Some worry has been around lately. Naming what you worry about, to yourself or "
        "someone you trust, often makes it smaller.",
        False,
    ),
    ("gad7", "moderate"): (
        "Worry seems to have been heavy lately. That deserves care in its own right, and "
        "talking with a doctor or counsellor can help.",
        True,
    ),
    ("gad7", "severe"): (
        "Worry seems to have been very heavy lately. Please talk with a doctor or "
        "counsellor soon; you don't have to carry this alone.",
        True,
    ),
}
CSI_TONES = {
    "distressed": (
        "Things between you seem strained at the moment. That is often how it feels while "
        "trust is being rebuilt, and it is what the steps here are for.",
        False,
    ),
    "not distressed": (
        "You seem fairly content with your relationship at the moment, even with whatever "
        "brought you here.",
        False,
    ),
}
TONES |= {
    (key, band): words for key in ("csi4", "csi16", "csi32") for band, words in CSI_TONES.items()
}

PARTS_ONLY = (
    "This questionnaire has no single score; the result page shows each of its parts. "
    "They describe patterns everyone has to some degree, not a verdict on you."
)
FLAGGED = (
    "One of your answers said that lately you have had thoughts of being better off dead "
    "or of hurting yourself. Please talk to someone about it, today if you can."
)
NOTHING_YET = "Nothing yet: you haven't answered a questionnaire for this."
NONE_HERE = (
    "Nothing yet. None of the questionnaires for this is available here; a practice that "
    "holds the licence can add them."
)


@dataclass(frozen=True)
class Reading:
    """The facts about one latest result that the profile needs (the owner's own)."""

    instrument: str
    score: float | None
    band: str
    completed_at: object
    key: object  # the measure's submission key
    flagged: bool = False  # a safety flag (PHQ-9 item 9), seen only by its owner


@dataclass(frozen=True)
class Finding:
    instrument: object
    reading: Reading
    words: str
    step: NextStep


@dataclass(frozen=True)
class Section:
    area: Area
    findings: tuple
    to_take: tuple  # instruments the person could answer here, when there are no findings
    nothing_words: str = ""


def _scale_words(instrument, score, higher_means):
    span = interpretation.score_range(instrument)
    said = interpretation.format_score(score)
    if span is None:
        return f"Your latest score was {said}."
    low, high = (interpretation.format_score(value) for value in span)
    words = f"Your latest score was {said}, on a scale from {low} to {high}"
    return f"{words}, where higher means {higher_means}." if higher_means else f"{words}."


def finding_for(area, instrument, reading):
    """What one latest result suggests, and the step it points to."""
    step = area.step
    if reading.score is None:
        words = PARTS_ONLY
    elif (instrument.key, reading.band) in TONES:
        words, needs_help = TONES[(instrument.key, reading.band)]
        if needs_help:
            step = HELP
    else:
        words = _scale_words(instrument, reading.score, area.higher_means)
    if reading.flagged:
        words, step = f"{FLAGGED} {words}", HELP
    return Finding(instrument=instrument, reading=reading, words=words, step=step)


def trust_profile(readings, instruments, offered):
    """One Section per area, in order.

    `readings` maps instrument keys to the person's latest `Reading`; `instruments` maps
    keys to their definitions; `offered` is the keys a person can answer here. An area
    with no readings says so honestly and names what could be answered for it.
    """
    sections = []
    for area in AREAS:
        findings = tuple(
            finding_for(area, instruments[key], readings[key])
            for key in area.instruments
            if key in readings and key in instruments
        )
        to_take = tuple(instruments[key] for key in area.instruments if key in offered)
        nothing = "" if findings else (NOTHING_YET if to_take else NONE_HERE)
        sections.append(Section(area, findings, () if findings else to_take, nothing))
    return sections
