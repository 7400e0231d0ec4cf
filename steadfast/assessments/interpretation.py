"""What a score means, in plain words: pure functions, no request and no database.

Change between two results is judged with the instrument's own reference, in this
order: its norms (Jacobson & Truax's Reliable Change Index), else its fixed reliable
change in points (e.g. NHS Talking Therapies' 6 for the PHQ-9), else nothing: without
a trustworthy reference (the CSI) we say that reliable change can't be judged, and
never invent a standard deviation.
"""

import math
from dataclasses import dataclass

from . import reliable_change

CAUTION = (
    "A questionnaire is a snapshot of how things looked to you on the day you answered. "
    "It is not a diagnosis, and not a verdict on you, your partner or your relationship. "
    "Scores go up and down with ordinary events, so the pattern over time says more than "
    "any one result. If something here worries you, a doctor or therapist can help you "
    "make sense of it."
)
NO_REFERENCE = (
    "There is no trustworthy reference yet for how much scores on this questionnaire "
    "vary by chance, so we can't say whether this change is more than the ordinary ups "
    "and downs of answering."
)

RCI = "rci"  # the instrument's norms
POINTS = "points"  # the instrument's fixed reliable change
NONE = "none"  # no reference: reliable change can't be judged


def score_of(instrument, total, mean):
    """The instrument's own score: the mean for mean-scored instruments, else the total."""
    return mean if instrument.method == "mean" else total


def score_range(instrument):
    """(lowest, highest) possible score, or None for an instrument without one."""
    if not instrument.has_total or not instrument.scored_items:
        return None
    lows = [instrument.value_range(item)[0] for item in instrument.scored_items]
    highs = [instrument.value_range(item)[1] for item in instrument.scored_items]
    if instrument.method == "mean":
        return sum(lows) / len(lows), sum(highs) / len(highs)
    return sum(lows), sum(highs)


def band_words(instrument, label):
    """The plain sentence for a band label, from the instrument's own bands."""
    for band in instrument.bands:
        if band["label"] == label:
            return band.get("plain") or ""
    return ""


def format_score(value):
    """12.0 -> "12", 3.4567 -> "3.46", None -> "" (no score)."""
    if value is None:
        return ""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ChangeReport:
    before: float
    after: float
    basis: str  # RCI, POINTS or NONE
    direction: str  # "better", "worse" or "same"
    reliable: bool | None  # None: can't be judged
    rci: float | None = None
    min_reliable_change: float | None = None
    clinically_significant: bool | None = None
    cutoff_label: str | None = None
    reference_note: str | None = None

    @property
    def difference(self):
        return self.after - self.before

    @property
    def summary(self):
        """One plain sentence on the change and how far it can be trusted."""
        if self.direction == "same":
            return "Your score is the same as last time."
        if self.basis == NONE:
            return NO_REFERENCE
        if not self.reliable:
            return (
                "This change is within the ordinary ups and downs of answering a "
                "questionnaire, so it may not mean that much has changed yet."
            )
        if self.direction == "better":
            return (
                "This is a reliable change for the better: a change this size is unlikely "
                "to be only the ordinary ups and downs of answering."
            )
        return (
            "This is a reliable change for the worse: a change this size is unlikely to be "
            "only the ordinary ups and downs of answering."
        )


def _direction(before, after, lower_is_better):
    if after == before:
        return "same"
    improved = after < before if lower_is_better else after > before
    return "better" if improved else "worse"


def _significant(instrument, before, after, reliable, direction):
    """Jacobson & Truax's clinically significant change: a reliable improvement that
    crosses the cut-off out of the troubled side. None without a cut-off or a judgement."""
    if not instrument.cutoff or reliable is None:
        return None
    cutoff = instrument.cutoff["value"]
    lower = instrument.lower_is_better
    return bool(
        reliable
        and direction == "better"
        and reliable_change.troubled(before, cutoff, lower)
        and not reliable_change.troubled(after, cutoff, lower)
    )


def _usable_norms(instrument):
    norms = instrument.norms or {}
    sd, r = norms.get("sd"), norms.get("reliability")
    if not isinstance(sd, int | float) or not isinstance(r, int | float):
        return None
    if sd <= 0 or not 0 <= r < 1:
        return None
    return float(sd), float(r), norms.get("source")


def describe_change(instrument, before, after):
    """How `after` compares with `before` (two scores of the same instrument)."""
    direction = _direction(before, after, instrument.lower_is_better)
    cutoff_label = (instrument.cutoff or {}).get("label")
    norms = _usable_norms(instrument)
    if norms is not None:
        sd, r, source = norms
        change = reliable_change.reliable_change(
            before, after, sd, r, lower_is_better=instrument.lower_is_better
        )
        if instrument.method == "mean":
            smallest = math.ceil(change.min_reliable_change * 100 - 1e-9) / 100
        else:
            smallest = reliable_change.min_reliable_points(sd, r)
        reliable = change.reliable
        return ChangeReport(
            before=before,
            after=after,
            basis=RCI,
            direction=direction,
            reliable=reliable,
            rci=round(change.rci, 2),
            min_reliable_change=smallest,
            clinically_significant=_significant(instrument, before, after, reliable, direction),
            cutoff_label=cutoff_label,
            reference_note=source,
        )
    points = instrument.reliable_change_points
    if points:
        reliable = abs(after - before) >= points
        return ChangeReport(
            before=before,
            after=after,
            basis=POINTS,
            direction=direction,
            reliable=reliable,
            min_reliable_change=points,
            clinically_significant=_significant(instrument, before, after, reliable, direction),
            cutoff_label=cutoff_label,
            reference_note=instrument.norms_note,
        )
    return ChangeReport(
        before=before,
        after=after,
        basis=NONE,
        direction=direction,
        reliable=None,
        clinically_significant=None,
        cutoff_label=cutoff_label,
        reference_note=instrument.norms_note,
    )
