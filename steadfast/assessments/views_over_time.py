"""Measures over time: one's own results of an instrument, and a couple's shared ones
side by side, each as a chart (an SVG image from its own URL) and as tables."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from steadfast.core import chartcache
from steadfast.core.access import partner_of, person_required

from . import battery, charts, series
from .access import get_instrument_or_404, get_shareable_instrument, own_results, shared_results

SVG = "image/svg+xml"


def _own_chart(user, instrument):
    results = list(own_results(user, instrument))
    line = series.series_of(instrument, results, "You")
    return results, series.chart_of(instrument, [line])


def _couple_chart(user, instrument):
    partner, mine, theirs = shared_results(user, instrument)
    lines = [series.series_of(instrument, list(mine), "You")]
    if partner is not None:
        lines.append(series.series_of(instrument, list(theirs), partner.display_name))
    return partner, series.chart_of(instrument, lines)


def _svg(viewer, kind, chart, title):
    """The chart as an SVG response, drawn once per change of what it shows: the cache key
    is a fingerprint of the chart and title this viewer gets (see core.chartcache)."""
    if not chart.has_points:
        raise Http404  # nothing to draw; the pages say so in words
    drawn = chartcache.cached_render(viewer, kind, charts.render_svg, chart, title)
    return HttpResponse(drawn, content_type=SVG)


def own_title(instrument):
    return f"Your {instrument.short_name} results over time"


def couple_title(instrument, partner):
    return f"The {instrument.short_name} results you and {partner.display_name} shared"


@person_required
@require_GET
def history(request, key):
    instrument = get_instrument_or_404(key)
    results, chart = _own_chart(request.user, instrument)
    context = {
        "instrument": instrument,
        "chart": chart,
        "line": chart.series[0],
        "taken": bool(results),
        "offered": instrument.key in {i.key for i in battery.offered_instruments()},
        "partner": partner_of(request.user),
        "shareable": not battery.is_safety_instrument(instrument.key),
    }
    return render(request, "assessments/history.html", context)


@person_required
@require_GET
def history_chart(request, key):
    instrument = get_instrument_or_404(key)
    _, chart = _own_chart(request.user, instrument)
    return _svg(request.user, "measure-history", chart, own_title(instrument))


@person_required
@require_GET
def together(request, key):
    instrument = get_shareable_instrument(key)
    partner, chart = _couple_chart(request.user, instrument)
    mine = chart.series[0]
    theirs = chart.series[1] if partner is not None else None
    context = {
        "instrument": instrument,
        "partner": partner,
        "chart": chart,
        "mine": mine,
        "theirs": theirs,
        "gap": series.gap_between(mine, theirs) if theirs is not None else None,
    }
    return render(request, "assessments/together.html", context)


@person_required
@require_GET
def together_chart(request, key):
    instrument = get_shareable_instrument(key)
    partner, chart = _couple_chart(request.user, instrument)
    if partner is None:
        raise Http404
    return _svg(request.user, "measure-together", chart, couple_title(instrument, partner))
