"""How much the feeling eased across a person's thought records: plain arithmetic, no
database. A record counts once its "afterwards" strength is filled in."""

from dataclasses import dataclass
from datetime import timedelta

WINDOWS = ((30, "The last 30 days"), (90, "The last 90 days"), (None, "All of them"))


@dataclass(frozen=True)
class Row:
    label: str
    count: int  # records with both strengths
    before: float | None  # average strength before
    after: float | None  # average strength afterwards
    eased: float | None  # average of (before - after): how many points it eased


def _average(values):
    return round(sum(values) / len(values), 1) if values else None


def summary(records, today):
    """One Row per window (the last 30 days and 90 days up to `today`, and all).
    `records`: (day written, strength before, strength afterwards or None) tuples."""
    complete = [(day, before, after) for day, before, after in records if after is not None]
    rows = []
    for days, label in WINDOWS:
        chosen = [r for r in complete if days is None or r[0] > today - timedelta(days=days)]
        rows.append(
            Row(
                label=label,
                count=len(chosen),
                before=_average([before for _, before, _ in chosen]),
                after=_average([after for _, _, after in chosen]),
                eased=_average([before - after for _, before, after in chosen]),
            )
        )
    return rows


def eased_words(points):
    """E.g. "eased by 12.5 points", "grew by 3 points", "no change"."""
    if points is None:
        return "–"
    if points == 0:
        return "no change"
    amount = abs(points)
    amount = int(amount) if float(amount).is_integer() else amount
    unit = "point" if amount == 1 else "points"
    return f"eased by {amount} {unit}" if points > 0 else f"grew by {amount} {unit}"
