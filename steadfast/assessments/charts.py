"""A `series.Chart` drawn as an SVG image by matplotlib.

The object API (Figure + FigureCanvasSVG) draws without pyplot's global state or any
GUI backend. The SVG is self-contained: text is drawn as paths (no fonts to fetch),
there is no metadata block and no DOCTYPE (whose DTD address is the only outside URL
matplotlib writes besides the XML namespaces), and every reference is to an id inside
the file. Ids come from a fixed salt, so the same chart is the same bytes every time.

matplotlib styles each element with a `style` attribute and a small `<style>` sheet.
Opened on its own (not through an <img>), the SVG is a document under the site's CSP,
whose `style-src 'self'` refuses both, and the chart turns black. The same properties
as SVG presentation attributes (`fill="#fff"`) are not styles in CSP's sense, so they
are rewritten as such and the policy needs no exception.
"""

import io
import re
from datetime import timedelta
from functools import cache
from xml.sax.saxutils import escape

from django.utils import timezone

from . import series as chart_series

HASH_SALT = "steadfast-charts"
WIDTH_IN, HEIGHT_IN = 6.4, 3.4
MARGINS = {"left": 0.1, "right": 0.88, "top": 0.97, "bottom": 0.25}
# Colour-blind-safe pairs, told apart by shape and line style too, not colour alone.
SERIES_STYLES = (
    {"color": "#1f4e79", "marker": "o", "linestyle": "-"},
    {"color": "#a0522d", "marker": "s", "linestyle": "--"},
)
RELIABLE_STYLES = {
    chart_series.BETTER: {"marker": "D", "color": "#1b7837", "label": "Reliable change, better"},
    chart_series.WORSE: {"marker": "o", "color": "#762a83", "label": "Reliable change, worse"},
}
BAND_FILLS = ("#f2f2f2", "#e3e8ef")
DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.S)
SVG_OPEN = re.compile(r"(<svg\b[^>]*)>")
STYLE_SHEET = re.compile(r"\s*<style[^>]*>(.*?)</style>", re.S)
STYLED_TAG = re.compile(r"<[A-Za-z][^<>]*?\sstyle=\"[^\"]*\"[^<>]*>")
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
# Without these matplotlib writes an RDF block naming outside vocabularies (and the date).
NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


@cache
def matplotlib_classes():
    """matplotlib's pieces, imported on first use (the import is not cheap)."""
    import matplotlib

    # Stable ids and self-contained text; set once, before any figure is drawn.
    matplotlib.rcParams["svg.hashsalt"] = HASH_SALT
    matplotlib.rcParams["svg.fonttype"] = "path"
    from matplotlib import dates
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    return Figure, FigureCanvasSVG, dates


def _local(when):
    """The date as the tables show it: in the site's time zone, without tzinfo."""
    return timezone.localtime(when).replace(tzinfo=None)


def _ylabel(instrument):
    return "Average score" if instrument.method == "mean" else "Score"


def draw(axes, chart, dates):
    """Draw a measure chart (assessments.series.Chart) on matplotlib `axes`: bands, lines,
    cut-off, reliable changes, dates and legend. The SVG here and the PDF summary's PNG
    (practice.pdf) are both drawn by it."""
    if chart.y_range:
        low, high = chart.y_range
        pad = (high - low) * 0.04 or 1
        axes.set_ylim(low - pad, high + pad)
    _draw_bands(axes, chart.bands)
    _draw_lines(axes, chart.series)
    if chart.cutoff:
        value, _ = chart.cutoff
        axes.axhline(
            value,
            color="#b2182b",
            linestyle=":",
            linewidth=1.2,
            zorder=2,
            label=f"Cut-off ({value:g})",
            gid="cutoff",
        )
    _mark_reliable_changes(axes, chart.series)
    _date_axis(axes, chart.series, dates)
    axes.set_ylabel(_ylabel(chart.instrument))
    axes.grid(axis="y", color="#d0d0d0", linewidth=0.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8, frameon=False)


def render_svg(chart, title):
    """The chart as SVG bytes, with `title` as its accessible name."""
    figure_class, canvas_class, dates = matplotlib_classes()
    figure = figure_class(figsize=(WIDTH_IN, HEIGHT_IN))
    canvas_class(figure)
    # Fixed margins, room for the y label and the legend below: "tight" would draw the
    # whole figure twice (once to measure it), which doubled the cost of a chart.
    figure.subplots_adjust(**MARGINS)
    draw(figure.add_subplot(), chart, dates)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return self_contained_svg(buffer.getvalue().decode("utf-8"), title).encode("utf-8")


def _draw_bands(axes, bands):
    """Alternate shades, each band named just outside the right-hand edge (inside, a
    name would sit under the latest point)."""
    for index, span in enumerate(bands):
        axes.axhspan(
            span.low,
            span.high,
            color=BAND_FILLS[index % 2],
            zorder=0,
            linewidth=0,
            gid=f"band-{index + 1}",
        )
        axes.text(
            1.01,
            (span.low + span.high) / 2,
            span.label,
            transform=axes.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=7,
            color="#555555",
            zorder=1,
        )


def _draw_lines(axes, lines):
    """One line per person; its id says whose (series-1 the viewer, series-2 the partner)."""
    for index, line in enumerate(lines):
        if not line.points:
            continue
        axes.plot(
            [_local(point.when) for point in line.points],
            [point.score for point in line.points],
            label=line.label,
            linewidth=1.8,
            markersize=5,
            zorder=3,
            gid=f"series-{index + 1}",
            **SERIES_STYLES[index % len(SERIES_STYLES)],
        )


def _mark_reliable_changes(axes, lines):
    """A hollow shape around each point that changed reliably since the one before."""
    for direction, style in RELIABLE_STYLES.items():
        marked = [point for line in lines for point in line.points if point.reliable == direction]
        if not marked:
            continue
        axes.scatter(
            [_local(point.when) for point in marked],
            [point.score for point in marked],
            s=110,
            facecolors="none",
            edgecolors=style["color"],
            linewidths=1.6,
            marker=style["marker"],
            zorder=4,
            label=style["label"],
            gid=f"reliable-{direction}",
        )


def _date_axis(axes, lines, dates):
    times = [_local(point.when) for line in lines for point in line.points]
    if times and min(times) == max(times):  # one day only: give it a week either side
        axes.set_xlim(min(times) - timedelta(days=7), max(times) + timedelta(days=7))
    locator = dates.AutoDateLocator(minticks=2, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def _declarations(css):
    """[(property, value)] from "fill: #fff; stroke: none"."""
    pairs = (part.split(":", 1) for part in css.split(";") if ":" in part)
    return [(name.strip(), value.strip()) for name, value in pairs]


def _as_attributes(tag):
    """One start tag with its style attribute turned into presentation attributes; a
    property also given as an attribute keeps the style's value, as CSS would."""
    css = STYLE_ATTRIBUTE.search(tag).group(1)
    tag = STYLE_ATTRIBUTE.sub("", tag, count=1)
    for name, value in _declarations(css):
        tag = re.sub(rf'\s{re.escape(name)}="[^"]*"', "", tag)
        end = -2 if tag.endswith("/>") else -1
        tag = f'{tag[:end]} {name}="{value}"{tag[end:]}'
    return tag


def self_contained_svg(svg, title):
    """No DOCTYPE, presentation attributes instead of styles, and a title."""
    svg = DOCTYPE.sub("", svg, count=1)
    sheet = STYLE_SHEET.search(svg)
    defaults = ""
    if sheet:  # matplotlib's one rule, "*{...}": the root's attributes, inherited
        rule = re.fullmatch(r"\s*\*\s*\{(.*)\}\s*", sheet.group(1), re.S)
        defaults = "".join(f' {name}="{value}"' for name, value in _declarations(rule.group(1)))
        svg = STYLE_SHEET.sub("", svg, count=1)
    svg = STYLED_TAG.sub(lambda match: _as_attributes(match.group(0)), svg)
    return SVG_OPEN.sub(
        lambda match: f"{match.group(1)}{defaults}><title>{escape(title)}</title>", svg, count=1
    )
