"""A promise's reliability estimate over time, drawn as an SVG image by matplotlib.

Drawn the way the measures' charts are (`steadfast.assessments.charts`, whose helpers this
uses): matplotlib's object API without pyplot, text as paths, no metadata or DOCTYPE,
stable ids, and styles turned into presentation attributes so the image keeps to the
site's Content-Security-Policy even when opened on its own.

One line per series (the owner's own marks; the partner's acknowledgements, if any), each
the estimate's mean with its likely (80%) range shaded. The same figures are on the page
as words and in a table: the image is never the only place they are.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

from steadfast.assessments.charts import (
    HEIGHT_IN,
    NO_METADATA,
    SERIES_STYLES,
    WIDTH_IN,
    matplotlib_classes,
    self_contained_svg,
)

BAND_ALPHAS = (0.18, 0.14)
MANY_POINTS = 40  # beyond this, markers would crowd the line: draw them smaller


@dataclass(frozen=True)
class Line:
    label: str  # "Your own marks", "As Bob noticed it"...
    points: tuple  # of steadfast.commitments.series.Point, oldest first


def has_points(lines):
    return any(line.points for line in lines)


def render_svg(lines, title):
    """The chart of `lines` (at most two) as SVG bytes, `title` as its accessible name."""
    figure_class, canvas_class, dates = matplotlib_classes()
    figure = figure_class(figsize=(WIDTH_IN, HEIGHT_IN))
    canvas_class(figure)
    axes = figure.add_subplot()
    axes.set_ylim(-2, 102)
    for index, line in enumerate(lines):
        if line.points:
            _draw(axes, index, line)
    _date_axis(axes, lines, dates)
    axes.set_ylabel("Likely share kept (%)")
    axes.grid(axis="y", color="#d0d0d0", linewidth=0.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata=NO_METADATA)
    return self_contained_svg(buffer.getvalue().decode("utf-8"), title).encode("utf-8")


def _draw(axes, index, line):
    """The band first (under every line), then the mean; ids say whose (series-1 the
    owner's marks, series-2 the partner's acknowledgements)."""
    style = SERIES_STYLES[index % len(SERIES_STYLES)]
    days = [point.day for point in line.points]
    axes.fill_between(
        days,
        [point.low * 100 for point in line.points],
        [point.high * 100 for point in line.points],
        color=style["color"],
        alpha=BAND_ALPHAS[index % len(BAND_ALPHAS)],
        linewidth=0,
        zorder=1 + index,
        gid=f"band-{index + 1}",
    )
    axes.plot(
        days,
        [point.mean * 100 for point in line.points],
        label=f"{line.label} (shaded: likely range)",
        linewidth=1.8,
        markersize=3 if len(days) > MANY_POINTS else 5,
        zorder=3 + index,
        gid=f"series-{index + 1}",
        **style,
    )


def _date_axis(axes, lines, dates):
    days = [point.day for line in lines for point in line.points]
    if days and min(days) == max(days):  # one day only: give it a week either side
        axes.set_xlim(min(days) - timedelta(days=7), max(days) + timedelta(days=7))
    locator = dates.AutoDateLocator(minticks=2, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
