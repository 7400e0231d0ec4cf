"""The coach's rules: high-precision cues with the span they matched and a plain explanation.

Rules never decide a message on their own when nothing fires; they add evidence that the scorer
in `feedback.py` combines with the classifier.
"""

import re
from dataclasses import dataclass

from . import lexicon


@dataclass(frozen=True)
class Evidence:
    label: str
    start: int
    end: int
    why: str


@dataclass(frozen=True)
class Cue:
    """One rule hit: evidence plus how sure the rule is on its own."""

    evidence: Evidence
    weight: float


# Same-length replacements only, so spans found in the normalised text index the original.
_STRAIGHTEN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    return text.translate(_STRAIGHTEN)


_CUES = [
    (label, weight, re.compile(pattern, re.IGNORECASE), why)
    for label, weight, pattern, why in lexicon.CUES
]
_YOU_ABSOLUTE = _CUES[0][2]
_GENTLE = [
    (weight, re.compile(pattern, re.IGNORECASE), why)
    for weight, pattern, why in lexicon.GENTLE_CUES
]
_WARM_WHY = "said warmly, 'always' or 'never' is appreciation, not a verdict"
_OWNS_IT = re.compile(
    r"\b(?:i(?:'m| am) (?:so |really )?sorry(?! (?:if |that )?you)|i apologi[sz]e|that's on me"
    r"|i should have|no excuse|my fault)\b",
    re.IGNORECASE,
)
# How far either side of a match the guards look; keeps long drafts linear.
_WINDOW = 240
_SENTENCE_END = re.compile(r"[.!?\n;]|\bbut\b", re.IGNORECASE)


def absolutist_words(text: str) -> list[str]:
    """Every dictionary word, lower-cased, in order of appearance (repeats kept)."""
    return [match.group(1).lower() for match in lexicon.ABSOLUTIST_RE.finditer(text)]


def safety_cues(text: str) -> list[Evidence]:
    return [
        Evidence("safety", match.start(), match.end(), lexicon.SAFETY_WHY)
        for match in lexicon.SAFETY_CUES.finditer(text)
    ]


def _clause(text: str, start: int, end: int, sentences: int = 1) -> str:
    """The sentence around a match (and the next ones, when `sentences` > 1)."""
    window = max(0, start - _WINDOW)
    left = max((m.end() for m in _SENTENCE_END.finditer(text, window, start)), default=window)
    right = min(len(text), end + _WINDOW)
    for _ in range(sentences):
        found = _SENTENCE_END.search(text, end, end + _WINDOW)
        if not found:
            break
        right, end = found.start(), found.end()
    return text[left:right]


def _inside_quotes(text: str, start: int) -> bool:
    """True when the match sits inside a quotation of the partner's words."""
    before = text[max(0, start - _WINDOW) : start]
    return before.count('"') % 2 == 1 or re.search(r"(?:^|\s)'[^']*$", before) is not None


def _warm(clause: str) -> bool:
    """A "you always/never" clause that praises rather than judges."""
    if lexicon.SARCASTIC_FRAME.search(clause):
        return False
    if re.search(r"\bnever\b", clause, re.IGNORECASE):
        return lexicon.WARM_NEVER.search(clause) is not None
    return lexicon.WARM_ALWAYS.search(clause) is not None


def horseman_cues(text: str, previous: str | None = None) -> list[Cue]:
    cues: list[Cue] = []
    has_return_plan = lexicon.RETURN_PLAN.search(text) is not None
    owns_it = _OWNS_IT.search(text) is not None
    for label, weight, pattern, why in _CUES:
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            if pattern is _YOU_ABSOLUTE and (
                _inside_quotes(text, match.start())
                or _warm(_clause(text, match.start(), match.end(), sentences=2))
            ):
                continue
            if label == "stonewalling" and weight < 0.8 and has_return_plan:
                continue
            if label == "defensiveness" and weight < 0.6 and owns_it:
                # An explanation next to an apology is not an excuse.
                continue
            cues.append(Cue(Evidence(label, match.start(), match.end(), why), weight))
    curt = lexicon.CURT_REPLY.match(text)
    if curt and text.strip():
        # A flat word means more as a reply to something than as an opener.
        weight = 0.85 if previous and previous.strip() else 0.7
        stripped = text.strip()
        start = text.index(stripped)
        cues.append(
            Cue(Evidence("stonewalling", start, start + len(stripped), lexicon.CURT_WHY), weight)
        )
    return cues


def gentle_cues(text: str) -> list[Cue]:
    cues = [
        Cue(Evidence("gentle", match.start(), match.end(), why), weight)
        for weight, pattern, why in _GENTLE
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
    for match in _YOU_ABSOLUTE.finditer(text):
        if _warm(_clause(text, match.start(), match.end(), sentences=2)):
            cues.append(Cue(Evidence("gentle", match.start(), match.end(), _WARM_WHY), 0.6))
    plan = lexicon.RETURN_PLAN.search(text)
    if plan:
        cues.append(Cue(Evidence("gentle", plan.start(), plan.end(), lexicon.RETURN_PLAN_WHY), 0.8))
    return cues
