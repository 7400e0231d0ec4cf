"""Measures over time, as data for a chart and its table: pure functions, no request
and no database.

A series is one person's results of one instrument, oldest first, each with its
change since the one before it *in the same series*. The caller decides which results
a series holds (all of one's own, or only those shared with a partner), so a change is
never worked out against a result the viewer may not see.
"""

from dataclasses import dataclass

from . import interpretation

BETTER = "better"
WORSE = "worse"


@dataclass(frozen=True)
class Point:
    when: object  # an aware datetime
    score: float
    band: str
    key: object  # the measure's submission key, for a link to it
    version: str
    change: interpretation.ChangeReport | None  # against the point before, if comparable
    change_words: str

    @property
    def reliable(self):
        """BETTER or WORSE for a reliable change since the point before, else None."""
        if self.change is None or not self.change.reliable or self.change.direction == "same":
            return None
        return self.change.direction


@dataclass(frozen=True)
class Series:
    label: str  # "You", or the partner's name
    points: tuple = ()


@dataclass(frozen=True)
class Span:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Chart:
    instrument: object
    series: tuple
    y_range: tuple | None
    bands: tuple  # of Span, lowest first
    cutoff: tuple | None  # (value, label)

    @property
    def has_points(self):
        return any(series.points for series in self.series)

    @property
    def reliable_changes(self):
        return {point.reliable for series in self.series for point in series.points} - {None}


@dataclass(frozen=True)
class Gap:
    mine: Point
    theirs: Point
    difference: float  # theirs - mine
    comparable: bool  # False: answered on different versions of the questionnaire

    @property
    def distance(self):
        return abs(self.difference)


def change_words(instrument, report):
    """The table's "change" cell: how far the score moved and whether that is reliable."""
    if report.direction == "same":
        return "No change"
    moved = report.difference
    size = interpretation.format_score(abs(moved))
    where = f"{'Up' if moved > 0 else 'Down'} {size}"
    if report.reliable is None:
        return f"{where}: no reference to judge it by"
    if not report.reliable:
        return f"{where}: within the ordinary ups and downs"
    return f"{where}: a reliable change for the {report.direction}"


def series_of(instrument, results, label, *, since=None):
    """The results (objects with completed_at, total, mean, band, version, submission_key)
    that have a score, oldest first, each compared with the one before it.

    With `since` (an aware datetime), only the points from then on: a chart of a recent
    stretch. The first of them is still compared with the result before it, when
    `results` holds it, so a bounded chart marks the same changes as a whole one."""
    scored = [
        result
        for result in results
        if interpretation.score_of(instrument, result.total, result.mean) is not None
    ]
    scored.sort(key=lambda result: result.completed_at)
    points = []
    previous = None
    for result in scored:
        score = interpretation.score_of(instrument, result.total, result.mean)
        if previous is None:
            report, words = None, "First result"
        elif previous.version != result.version:
            report, words = None, "Not compared: the questionnaire changed"
        else:
            before = interpretation.score_of(instrument, previous.total, previous.mean)
            report = interpretation.describe_change(instrument, before, score)
            words = change_words(instrument, report)
        points.append(
            Point(
                when=result.completed_at,
                score=score,
                band=result.band,
                key=result.submission_key,
                version=result.version,
                change=report,
                change_words=words,
            )
        )
        previous = result
    if since is not None:
        points = [point for point in points if point.when >= since]
    return Series(label=label, points=tuple(points))


def band_spans(instrument):
    """The instrument's bands as stretches of its score, for shading.

    Bands are whole-number ranges with gaps between them (0-4, 5-9); a stretch runs
    from the midpoint below to the midpoint above, as scoring assigns a prorated score
    in a gap. Bands over something other than the charted score (a subscale) give none.
    """
    charted = "mean" if instrument.method == "mean" else "total"
    if not instrument.bands or instrument.bands_of != charted:
        return ()
    bands = sorted(instrument.bands, key=lambda band: band["min"])
    full = interpretation.score_range(instrument)
    spans = []
    for index, band in enumerate(bands):
        if index == 0:
            low = full[0] if full else band["min"]
        else:
            low = (bands[index - 1]["max"] + band["min"]) / 2
        if index + 1 < len(bands):
            high = (band["max"] + bands[index + 1]["min"]) / 2
        else:
            high = full[1] if full else band["max"]
        spans.append(Span(low=low, high=high, label=band["label"]))
    return tuple(spans)


def chart_of(instrument, series):
    """Everything a chart of these series needs: the series, the score's range, the
    bands to shade and the cut-off line (value, label), where the instrument has them."""
    cutoff = None
    if instrument.cutoff:
        cutoff = (instrument.cutoff["value"], instrument.cutoff.get("label", ""))
    return Chart(
        instrument=instrument,
        series=tuple(series),
        y_range=interpretation.score_range(instrument),
        bands=band_spans(instrument),
        cutoff=cutoff,
    )


def gap_between(mine, theirs):
    """How far apart two people's latest scores are; None unless both have one."""
    if not mine.points or not theirs.points:
        return None
    my_latest, their_latest = mine.points[-1], theirs.points[-1]
    return Gap(
        mine=my_latest,
        theirs=their_latest,
        difference=their_latest.score - my_latest.score,
        comparable=my_latest.version == their_latest.version,
    )
