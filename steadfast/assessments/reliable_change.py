"""Reliable change (Jacobson & Truax, 1991), as pure functions.

    SEm    = SD * sqrt(1 - r)
    SEdiff = sqrt(2) * SEm
    RCI    = (after - before) / SEdiff          |RCI| >= 1.96: reliable (p < .05)
    minimum reliable change = 1.96 * SEdiff     (an instrument rounds it up to a score)

Clinically significant change here means Jacobson & Truax's "recovered": a reliable
improvement that also crosses the clinical cut-off from the troubled side to the other.
"""

import math
from dataclasses import dataclass

Z = 1.96


@dataclass(frozen=True)
class Change:
    sem: float
    sediff: float
    rci: float
    min_reliable_change: float
    reliable: bool
    interpretation: str
    clinically_significant: bool | None

    def as_dict(self):
        return {
            "sem": round(self.sem, 4),
            "sediff": round(self.sediff, 4),
            "rci": round(self.rci, 4),
            "min_reliable_change": round(self.min_reliable_change, 4),
            "reliable": self.reliable,
            "interpretation": self.interpretation,
            "clinically_significant": self.clinically_significant,
        }


def troubled(score, cutoff, lower_is_better):
    """Is `score` on the clinical side of the cut-off?"""
    return score >= cutoff if lower_is_better else score < cutoff


def _check(sd, r):
    if not (math.isfinite(sd) and sd > 0):
        raise ValueError("The standard deviation must be a positive number.")
    if not (math.isfinite(r) and 0 <= r < 1):
        raise ValueError("The reliability must be at least 0 and below 1.")


def reliable_change(before, after, sd, r, *, lower_is_better=False, cutoff=None):
    _check(sd, r)
    if not (math.isfinite(before) and math.isfinite(after)):
        raise ValueError("The scores before and after must be numbers.")
    if cutoff is not None and not math.isfinite(cutoff):
        raise ValueError("The cut-off must be a number.")
    sem = sd * math.sqrt(1 - r)
    sediff = math.sqrt(2) * sem
    rci = (after - before) / sediff
    reliable = abs(rci) >= Z
    improved = (after < before) if lower_is_better else (after > before)
    if not reliable:
        interpretation = "no reliable change"
    elif improved:
        interpretation = "reliable improvement"
    else:
        interpretation = "reliable deterioration"
    significant = None
    if cutoff is not None:
        significant = (
            reliable
            and improved
            and troubled(before, cutoff, lower_is_better)
            and not troubled(after, cutoff, lower_is_better)
        )
    return Change(sem, sediff, rci, Z * sediff, reliable, interpretation, significant)


def min_reliable_points(sd, r):
    """The smallest whole-point change that is reliable: 1.96 * SEdiff, rounded up."""
    _check(sd, r)
    return math.ceil(Z * math.sqrt(2) * sd * math.sqrt(1 - r) - 1e-9)
