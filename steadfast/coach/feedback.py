"""analyse(): rules and classifier combined into the feedback a person sees while drafting."""

import re
from dataclasses import asdict, dataclass, field

from . import classifier, rules
from .lexicon import HORSEMEN, LABELS
from .rules import Evidence

# Longer drafts are read only this far; spans always point into the original text.
MAX_CHARS = 4000
# The UI can show only so many highlights; a pathological draft must not cost quadratic time.
MAX_EVIDENCE = 40
# Below this combined score the coach says nothing rather than risk a wrong flag.
FLAG_THRESHOLD = 0.5
# "gentle" needs positive evidence: a gentle cue with no harsh cue, or a classifier this sure.
GENTLE_CONFIDENT = 0.6
# Ties go to the more damaging label.
SEVERITY = ("contempt", "criticism", "defensiveness", "stonewalling", "gentle")

SUGGESTIONS = {
    "criticism": "I feel … when {situation}. I need … . Could we …?",
    "contempt": "I feel … when … . What I'd really like is … .",
    "defensiveness": "You're right that … . I can see why that bothered you. Next time I'll … .",
    "stonewalling": (
        "I'm feeling overwhelmed and can't talk well right now. Can we take a break and come"
        " back to this at …?"
    ),
}

_SITUATION = re.compile(
    r"\byou(?P<are>'re| are)?\s+(?P<how>always|never|constantly)\s+(?P<rest>[^.!?,;:\n\"]{1,120})",
    re.IGNORECASE,
)
_SITUATION_STOP = re.compile(
    r"\s+(?:like|and|but|because|so|then|which|every|ever|again|anymore|unless|while|when|it's)\b.*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Feedback:
    primary: str | None
    scores: dict[str, float]
    absolutist_words: list[str]
    evidence: list[Evidence]
    suggestion: str | None
    safety: bool = False
    probabilities: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def as_dict(self) -> dict:
        return {
            "primary": self.primary,
            "scores": {label: round(score, 3) for label, score in self.scores.items()},
            "absolutist_words": list(self.absolutist_words),
            "evidence": [asdict(item) for item in self.evidence],
            "suggestion": self.suggestion,
            "safety": self.safety,
        }


def _strongest(cues: list[rules.Cue]) -> dict[str, float]:
    strength = dict.fromkeys(LABELS, 0.0)
    for cue in cues:
        strength[cue.evidence.label] = max(strength[cue.evidence.label], cue.weight)
    return strength


def combine(
    probabilities: dict[str, float], harsh: list[rules.Cue], gentle: list[rules.Cue]
) -> dict[str, float]:
    """Each rule acts as an independent witness: score = 1 - (1 - p) * (1 - rule weight).

    Any harsh cue also counts against "gentle", and gentle cues only count when no harsh cue
    fired (a sarcastic "thanks" is not appreciation).
    """
    harsh_strength = _strongest(harsh)
    scores = {
        label: 1 - (1 - probabilities[label]) * (1 - harsh_strength[label]) for label in HORSEMEN
    }
    strongest_harsh = max(harsh_strength[label] for label in HORSEMEN)
    gentle_score = probabilities["gentle"] * (1 - strongest_harsh)
    if not harsh and gentle:
        gentle_score = 1 - (1 - gentle_score) * (1 - _strongest(gentle)["gentle"])
    scores["gentle"] = gentle_score
    return scores


def decide(scores: dict[str, float], probabilities: dict[str, float], harsh, gentle) -> str | None:
    top = max(SEVERITY, key=lambda label: (scores[label], -SEVERITY.index(label)))
    if scores[top] < FLAG_THRESHOLD:
        return None
    if top == "gentle":
        positive = (gentle and not harsh) or probabilities["gentle"] >= GENTLE_CONFIDENT
        return "gentle" if positive else None
    return top


def suggestion_for(label: str | None, text: str) -> str | None:
    if label not in SUGGESTIONS:
        return None
    template = SUGGESTIONS[label]
    if label != "criticism":
        return template
    return template.format(situation=_situation(text))


def _situation(text: str) -> str:
    """'You never help me' becomes 'you don't help me': the behaviour without the verdict."""
    match = _SITUATION.search(text)
    if not match:
        return "…"
    rest = _SITUATION_STOP.sub("", match["rest"]).strip()
    words = rest.split()[:10]
    if not words:
        return "…"
    subject = "you're" if match["are"] else "you"
    if match["how"].lower() == "never":
        subject = "you aren't" if match["are"] else "you don't"
    return f"{subject} {' '.join(words)}"


def _tidy(evidence: list[Evidence]) -> list[Evidence]:
    """Sorted by position; a span inside a wider one of the same label adds nothing."""
    kept: list[Evidence] = []
    reach: dict[str, int] = {}  # the furthest end kept so far, per label
    for item in sorted(evidence, key=lambda e: (e.start, -e.end, e.label)):
        if item.end <= reach.get(item.label, -1):
            continue
        kept.append(item)
        reach[item.label] = item.end
        if len(kept) == MAX_EVIDENCE:
            break
    return kept


def analyse(text: str, previous: str | None = None) -> Feedback:
    text = text if isinstance(text, str) else ""
    draft = rules.normalise(text[:MAX_CHARS])
    context = rules.normalise(previous[:MAX_CHARS]) if isinstance(previous, str) else None
    safety = rules.safety_cues(draft)
    harsh = rules.horseman_cues(draft, context)
    gentle = rules.gentle_cues(draft)
    probabilities = classifier.probabilities(draft) if draft.strip() else dict.fromkeys(LABELS, 0.2)
    scores = combine(probabilities, harsh, gentle)
    primary = decide(scores, probabilities, harsh, gentle)
    evidence = _tidy([cue.evidence for cue in harsh + gentle] + safety)
    return Feedback(
        primary=primary,
        scores=scores,
        absolutist_words=rules.absolutist_words(draft),
        evidence=evidence,
        suggestion=None if safety else suggestion_for(primary, draft),
        safety=bool(safety),
        probabilities=probabilities,
    )
