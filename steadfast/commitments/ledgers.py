"""Several promises' estimates, counts and trends, summed by the database.

A page that shows many promises (the couple view, the therapist's pre-session summary)
needs, per promise, a handful of numbers made from its whole history: how many days were
marked and kept, the forgetting-weighted sums behind the estimate, how many days both
partners answered and on how many they differ, and the two points a trend compares.
Reading every mark of every promise into Python to add them up made such a page slower
with every day of history; here each sum is one SQL aggregate grouped by promise, two
queries for all the promises of a page (the marks, and the counted answers), and what
comes back is a few numbers a promise, however long its history.

The arithmetic is `reliability`'s. An event `age` days before the page's day weighs
0.5 ** (age / half_life_days) (the database computes the same power of the same age);
the sums are the same as `reliability.estimate`'s added in another order, so they agree
with it up to float rounding, far below anything shown. The counts are exact.

Who may see which promise is decided before: the caller passes ids of promises it got
through the access functions, and says whose answers count for each one
(`commitments.views.acknowledger_for`). Nobody else's answers are read.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Power

from . import reliability, series
from .models import Acknowledgement, Mark, Seen


class DaysBefore(Func):
    """(`day` - the date column) in days, as a float: the age of an event on `day`."""

    output_field = FloatField()

    def __init__(self, column, day):
        super().__init__(Value(day), F(column))

    def _parts(self, compiler):
        day, column = (compiler.compile(part) for part in self.get_source_expressions())
        return day, column

    def as_sqlite(self, compiler, connection, **extra):
        (day, day_params), (column, column_params) = self._parts(compiler)
        return f"(julianday({day}) - julianday({column}))", (*day_params, *column_params)

    def as_postgresql(self, compiler, connection, **extra):
        (day, day_params), (column, column_params) = self._parts(compiler)
        sql = f"CAST((CAST({day} AS date) - {column}) AS double precision)"
        return sql, (*day_params, *column_params)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("DaysBefore is written for SQLite and PostgreSQL only.")


def _weight(day, half_life_days):
    """The SQL weight of an event as seen from `day`."""
    if half_life_days is None:
        return Value(1.0)
    return Power(Value(0.5), DaysBefore("day", day) / Value(float(half_life_days)))


@dataclass(frozen=True)
class Side:
    """One series of one promise (the owner's marks, or the counted answers): plain
    counts, and the weighted sums as seen from the page's day, of all its events and of
    those on or before the trend's cut-off day."""

    n: int = 0
    kept: int = 0
    kept_weight: float = 0.0
    missed_weight: float = 0.0
    last: date | None = None  # the latest day with an event
    before: date | None = None  # the latest such day on or before the cut-off
    n_before: int = 0
    kept_before: int = 0
    kept_weight_before: float = 0.0
    missed_weight_before: float = 0.0


@dataclass(frozen=True)
class Tally:
    """One promise: its owner's marks, the counted answers (True/False only: "not sure"
    says nothing), and the days with both a mark and an answer and how many differ."""

    marks: Side = Side()
    answers: Side = Side()
    both: int = 0
    differ: int = 0


def _grouped(queryset, day, cutoff, half_life_days, *columns):
    """`queryset` grouped by promise, by the `columns` that tell a kept event from a
    missed one, and by whether the day is on or before the trend's cut-off: per group
    the count, the weighted sum and the latest day. A few rows a promise."""
    return (
        queryset.annotate(early=ExpressionWrapper(Q(day__lte=cutoff), output_field=BooleanField()))
        .values("commitment_id", "early", *columns)
        .annotate(count=Count("pk"), weight=Sum(_weight(day, half_life_days)), last=Max("day"))
        .order_by()
    )


class _Sums:
    """A `Side` being added up from grouped rows."""

    def __init__(self):
        self.n = self.kept = self.n_before = self.kept_before = 0
        self.kept_weight = self.missed_weight = 0.0
        self.kept_weight_before = self.missed_weight_before = 0.0
        self.last = self.before = None

    def add(self, row, kept):
        count, weight, last = row["count"], row["weight"] or 0.0, row["last"]
        self.n += count
        self.last = last if self.last is None else max(self.last, last)
        if kept:
            self.kept += count
            self.kept_weight += weight
        else:
            self.missed_weight += weight
        if row["early"]:
            self.n_before += count
            self.before = last if self.before is None else max(self.before, last)
            if kept:
                self.kept_before += count
                self.kept_weight_before += weight
            else:
                self.missed_weight_before += weight

    def side(self):
        return Side(**vars(self))


def tallies(counted, *, day, half_life_days, trend_days):
    """{commitment id: Tally} for the promises in `counted` ({commitment id: the user id
    whose answers count, or None for nobody's}), as seen from `day`; the trend's cut-off
    is `trend_days` before it. Two queries, whatever the history."""
    if not counted:
        return {}
    cutoff = day - timedelta(days=trend_days)
    marks = defaultdict(_Sums)
    answers = defaultdict(_Sums)
    both = defaultdict(int)
    differ = defaultdict(int)
    rows = _grouped(
        Mark.objects.filter(commitment_id__in=list(counted)), day, cutoff, half_life_days, "done"
    )
    for row in rows:
        marks[row["commitment_id"]].add(row, row["done"])
    by_person = defaultdict(list)
    for commitment_id, person_id in counted.items():
        if person_id is not None:
            by_person[person_id].append(commitment_id)
    if by_person:
        whose = Q()
        for person_id, commitment_ids in by_person.items():
            whose |= Q(partner_id=person_id, commitment_id__in=commitment_ids)
        # The owner's mark of the same day, if any: None, True or False.
        marked = Subquery(
            Mark.objects.filter(
                commitment_id=OuterRef("commitment_id"), day=OuterRef("day")
            ).values("done")[:1]
        )
        answered = Acknowledgement.objects.filter(
            whose, seen__in=[Seen.NOTICED, Seen.NOT_NOTICED]
        ).annotate(marked=marked)
        for row in _grouped(answered, day, cutoff, half_life_days, "seen", "marked"):
            commitment_id, noticed = row["commitment_id"], row["seen"] == Seen.NOTICED
            answers[commitment_id].add(row, noticed)
            if row["marked"] is not None:
                both[commitment_id] += row["count"]
                if bool(row["marked"]) != noticed:
                    differ[commitment_id] += row["count"]
    return {
        commitment_id: Tally(
            marks=marks[commitment_id].side() if commitment_id in marks else Side(),
            answers=answers[commitment_id].side() if commitment_id in answers else Side(),
            both=both[commitment_id],
            differ=differ[commitment_id],
        )
        for commitment_id in counted
    }


# --- From the sums to what a page shows ----------------------------------------------------


def _fade(days, half_life_days):
    """What a weight seen from one day becomes seen from `days` later."""
    return 1.0 if half_life_days is None else 0.5 ** (days / half_life_days)


def _sums(side, day, as_of, half_life_days, *, early=False):
    """(n, kept, a - prior, b - prior) of `side` as seen from `as_of` instead of `day`."""
    fade = _fade((as_of - day).days, half_life_days)
    if early:
        return (
            side.n_before,
            side.kept_before,
            side.kept_weight_before * fade,
            side.missed_weight_before * fade,
        )
    return side.n, side.kept, side.kept_weight * fade, side.missed_weight * fade


@dataclass(frozen=True)
class Shown:
    """What a page shows of one promise: the estimates dict of `commitments.views.estimates`
    and the two trends (`series.Trend` or None)."""

    estimates: dict
    owner_trend: series.Trend | None
    partner_trend: series.Trend | None


def shown(tallies_by_id, *, day, half_life_days, as_of=None):
    """{commitment id: Shown} from `tallies` made with the same `day` and half-life.

    The estimates are taken as of `as_of` (default `day`; a later day when someone's
    calendar is ahead); the trends compare, as `series.trend` does, the latest event day
    with the latest one on or before the cut-off. Every interval of the page comes from
    one vectorised quantile call."""
    as_of = as_of or day
    wanted = []  # (commitment id, what, sums)
    for commitment_id, tally in tallies_by_id.items():
        for name, side in (("owner", tally.marks), ("partner", tally.answers)):
            wanted.append((commitment_id, name, _sums(side, day, as_of, half_life_days)))
            if side.before is not None and side.before != side.last:
                wanted.append(
                    (
                        commitment_id,
                        f"{name}_before",
                        _sums(side, day, side.before, half_life_days, early=True),
                    )
                )
                wanted.append(
                    (commitment_id, f"{name}_now", _sums(side, day, side.last, half_life_days))
                )
    estimates = reliability.estimates_from_sums([sums for _, _, sums in wanted])
    by_id = defaultdict(dict)
    for (commitment_id, name, _), estimate in zip(wanted, estimates, strict=True):
        by_id[commitment_id][name] = estimate
    found = {}
    for commitment_id, tally in tallies_by_id.items():
        got = by_id[commitment_id]
        gap = tally.differ / tally.both if tally.both else None

        def trend(name, side, got=got):
            if f"{name}_before" not in got:
                return None
            return series.Trend(
                series.Point(side.before, got[f"{name}_before"]),
                series.Point(side.last, got[f"{name}_now"]),
            )

        found[commitment_id] = Shown(
            estimates={
                "owner": got["owner"],
                "owner_words": reliability.plain_words(got["owner"]),
                "partner": got["partner"],
                "partner_words": reliability.plain_words(got["partner"]),
                "gap": gap,
                "gap_percent": None if gap is None else reliability.percent(gap),
            },
            owner_trend=trend("owner", tally.marks),
            partner_trend=trend("partner", tally.answers),
        )
    return found
