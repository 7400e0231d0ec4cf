"""The couple view (/together/): what the two partners share with each other, on one page.

It shows, for a linked person, and nothing else (tests/test_two_worlds.py holds it to this):

* the viewer's own promises shared with the partner, and the partner's promises shared with
  the viewer: never either side's private or therapist-only ones. For each, the owner's
  marks and the current partner's acknowledgements only (an ex-partner's never count), as
  the estimates in words, the perception gap, the trend and a chart;
* an overall summary of those promises: plain counts and the perception gap across them;
* the daily check-ins each shared with the other, as averages over 14 and 30 days. The
  viewer's own unshared entries are left out too, so both partners see the same picture.

Someone not linked is told so calmly, with a way to link up. Therapists get 404.

With a shared cache (Redis; steadfast/core/sections.py) the page is kept whole, sealed, one
copy per viewer. Before a kept copy is shown, one query (snapshot.py) reads the couple,
the ids, audiences, states and last changes of the promises shared between them, and
the counts and sums of their shared check-ins: the copy is shown only if these, both
partners' generations (raised by every save or delete of a shared promise or of a mark or
answer on one: apps.py), the names and the day are all as they were when it was built.
Nothing only one partner can see is part of that key, so nothing private rebuilds the
other's page (a rebuilt page answers more slowly, which the partner could time). When
the page is built, the promises part (sums over every marked day, then estimates) may
itself come from the cache, under a key of its own.

The page only reads, and on a kept copy its one query is all it asks of the database:
it runs outside a transaction (`non_atomic_requests`), which saves the round trips to
begin and end one.
"""

from collections import namedtuple
from datetime import timedelta

from django.db import transaction
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from steadfast.checkins.access import shared_checkins
from steadfast.checkins.models import SCALES
from steadfast.checkins.views import WINDOWS, averages_of
from steadfast.commitments import ledgers, reliability, series
from steadfast.commitments.access import own_commitments, shared_with, today
from steadfast.commitments.views import HALF_LIFE_DAYS, TREND_DAYS, acknowledger_for
from steadfast.core import sections
from steadfast.core.access import partner_of, person_required
from steadfast.core.models import Audience

from . import snapshot

# Lately (the last 14 days) against the last 30: a difference this size or more is called
# "higher" or "lower"; anything smaller "steady". Half a point on a 0-10 scale.
STEADY_WITHIN = 0.5

# The section cache's name for the promises part, and the code its rendering depends on.
SECTION = "together"
SECTION_CODE = (
    (
        "steadfast.together.views",
        "steadfast.commitments.ledgers",
        "steadfast.commitments.reliability",
        "steadfast.commitments.series",
        "steadfast.commitments.models",
    ),
    ("together/_promises.html", "together/_promise.html", "commitments/_chart.html"),
)
# The whole page (sections.cached_page), which holds the promises part.
PAGE = "together-page"
PAGE_CODE = (
    (
        *SECTION_CODE[0],
        "steadfast.together.snapshot",
        "steadfast.checkins.views",
        "steadfast.core.context_processors",
    ),
    (*SECTION_CODE[1], "base.html", "together/overview.html", "together/_checkins.html"),
)


def _chart(commitment, viewer, tally, found):
    """What the promise's chart needs on this page: whether there is anything to draw
    (the image itself comes from its own URL), the lines' names, the alt text and the
    trends in words (the same words as the detail page's, from the two points a trend
    compares instead of a whole series)."""
    is_owner = commitment.owner_id == viewer.pk
    owner_label = "Your own marks" if is_owner else f"{commitment.owner.display_name}'s own marks"
    partner_label = "As your partner noticed it" if is_owner else "As you noticed it"
    owner_points, partner_points = tally.marks.n > 0, tally.answers.n > 0
    names = owner_label + (f"; {partner_label}" if partner_points else "")
    return {
        "has_points": owner_points or partner_points,
        "owner_line": {"label": owner_label, "points": owner_points},
        "partner_line": {"label": partner_label, "points": partner_points},
        "owner_trend": series.trend_words(found.owner_trend),
        "partner_trend": series.trend_words(found.partner_trend),
        "trend_days": TREND_DAYS,
        "alt": f"Chart over time of how likely the promise is kept. Lines: {names}. "
        "Each has its likely range shaded.",
    }


def _promises(mine, theirs, viewer, day):
    """(mine, theirs): each promise with its estimates, its chart and its counts.

    The numbers come from the whole history of each promise, summed by the database
    (`commitments.ledgers`): two queries for all the promises on the page, a few numbers
    a promise, however many days it has been marked. Only the owner's marks and the
    answers of the one person whose answers count (`acknowledger_for`) are read."""
    everything = mine + theirs
    tallies = ledgers.tallies(
        {c.pk: acknowledger_for(c, viewer) for c in everything},
        day=day,
        half_life_days=HALF_LIFE_DAYS,
        trend_days=TREND_DAYS,
    )
    # A partner's calendar may be a day ahead of the viewer's: the estimates are then
    # taken as of that later day, so that no mark is "after today".
    latest = [t.last for tally in tallies.values() for t in (tally.marks, tally.answers)]
    as_of = max([day, *(d for d in latest if d is not None)])
    shown = ledgers.shown(tallies, day=day, half_life_days=HALF_LIFE_DAYS, as_of=as_of)

    def item(commitment):
        tally, found = tallies[commitment.pk], shown[commitment.pk]
        return {
            "commitment": commitment,
            "estimates": found.estimates,
            "chart": _chart(commitment, viewer, tally, found),
            "tally": tally,
        }

    return [item(c) for c in mine], [item(c) for c in theirs]


def _summary(promises):
    """Plain counts across promises (every day so far, no forgetting) and the gap."""
    tallies = [p["tally"] for p in promises]
    both = sum(t.both for t in tallies)
    differ = sum(t.differ for t in tallies)
    return {
        "count": len(promises),
        "marked": sum(t.marks.n for t in tallies),
        "kept": sum(t.marks.kept for t in tallies),
        "answered": sum(t.answers.n for t in tallies),
        "noticed": sum(t.answers.kept for t in tallies),
        "both": both,
        "gap_percent": reliability.percent(differ / both) if both else None,
    }


def _lately(recent, longer):
    if recent is None or longer is None:
        return ""
    difference = recent - longer
    if difference >= STEADY_WITHIN:
        return "higher"
    if difference <= -STEADY_WITHIN:
        return "lower"
    return "steady"


# One shared check-in as the averages need it: read as plain rows, not model instances.
Scores = namedtuple("Scores", ["day", *SCALES])


def _shared_scores(viewer):
    """{"mine": [...], "theirs": [...]}: the Scores each partner shared with the other
    over the longest window, oldest first, in one query through the access function."""
    _, mine, theirs = shared_checkins(viewer, WINDOWS[-1])
    rows = (mine | theirs).order_by("owner_id", "day", "pk").values_list("owner_id", "day", *SCALES)
    loaded = {"mine": [], "theirs": []}
    for owner_id, *scores in rows:
        loaded["mine" if owner_id == viewer.pk else "theirs"].append(Scores(*scores))
    return loaded


def _checkins(loaded, last):
    """For each side, per scale: the averages over each window and how lately compares.
    `loaded`: the longest window's entries (`_shared_scores`); each shorter window is
    taken from them."""
    short, long = WINDOWS[0], WINDOWS[-1]
    averages = {"mine": {}, "theirs": {}}
    counts = {"mine": {}, "theirs": {}}
    for days in WINDOWS:
        first = last - timedelta(days=days)  # as shared_checkins: day > today - days
        for side, entries in loaded.items():
            within = [entry for entry in entries if entry.day > first]
            averages[side][days] = averages_of(within)
            counts[side][days] = len(within)
    sides = {}
    for side in ("mine", "theirs"):
        rows = []
        for name in SCALES:
            values = [
                None if averages[side][days] is None else averages[side][days][name]
                for days in WINDOWS
            ]
            rows.append(
                {
                    "label": name.capitalize(),
                    "values": values,
                    "lately": _lately(values[0], values[-1]),
                }
            )
        sides[side] = {"rows": rows, "counts": [counts[side][days] for days in WINDOWS]}
    return {"windows": WINDOWS, "short": short, "long": long, **sides}


def _promises_section(viewer, partner, day, shared):
    """The promises part's HTML: from the section cache, or built now. `shared`: the
    shared promises' rows as the snapshot read them (ids, audiences, states, last
    changes), part of the key; None to build it without the cache."""
    # Through the access functions only.
    mine = own_commitments(viewer).filter(audience__in=Audience.partner_audiences())
    theirs = shared_with(viewer)

    def build():
        # The sealed root is never shown here.
        found_mine, found_theirs = _promises(
            list(mine.defer("root")),
            list(theirs.select_related("owner").defer("root")),
            viewer,
            day,
        )
        context = {
            "partner": partner,
            "mine": found_mine,
            "theirs": found_theirs,
            "mine_summary": _summary(found_mine),
            "theirs_summary": _summary(found_theirs),
            "both_summary": _summary(found_mine + found_theirs),
            "half_life": HALF_LIFE_DAYS,
        }
        return render_to_string("together/_promises.html", context)

    if shared is None:  # no cache, or no fresh rows to check a kept copy against
        return sections.safe(build())
    inputs = (day, viewer.display_name, partner.pk, partner.display_name, shared)
    return sections.cached_section(
        SECTION,
        viewer,
        (viewer.pk, partner.pk),
        inputs,
        build,
        scope=sections.PARTNER,
        code=SECTION_CODE,
    )


def _context(viewer, day, partner, shared=None):
    return {
        "partner": partner,
        "promises": _promises_section(viewer, partner, day, shared),
        "checkins": _checkins(_shared_scores(viewer), day),
    }


@transaction.non_atomic_requests
@person_required
@require_GET
def overview(request):
    """The page, kept whole in the section cache (PAGE) when there is one.

    Its key holds the generations of both partners (raised by any change to a shared
    promise, its marks and answers: apps.py), the day, the names, and what `snapshot`
    reads fresh on every request: the couple, the promises shared between them and their
    shared check-ins. Nothing only one partner can see is part of it, so nothing private
    makes the page slower for the other."""
    viewer = request.user
    day = today()
    if not sections.enabled():
        partner = partner_of(viewer)
        if partner is None:
            return render(request, "together/overview.html", {"partner": None})
        return render(request, "together/overview.html", _context(viewer, day, partner))
    found = snapshot.read(viewer, day)
    if found.partner_id is None:
        return render(request, "together/overview.html", {"partner": None})

    def context():
        partner = partner_of(viewer)
        if partner is None or partner.pk != found.partner_id:  # unlinked meanwhile
            raise sections.Changed(
                {"partner": None} if partner is None else _context(viewer, day, partner)
            )
        return _context(viewer, day, partner, found.promises)

    return sections.cached_page(
        request,
        PAGE,
        (viewer.pk, found.partner_id),
        (day, found.partner_name, found.digest),
        "together/overview.html",
        context,
        scope=sections.PARTNER,
        code=PAGE_CODE,
    )
