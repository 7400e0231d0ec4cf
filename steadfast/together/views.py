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
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from steadfast.checkins.access import shared_checkins
from steadfast.checkins.models import SCALES
from steadfast.checkins.views import WINDOWS, averages_of
from steadfast.commitments import reliability
from steadfast.commitments.access import own_commitments, shared_with, today
from steadfast.commitments.models import Acknowledgement, Mark
from steadfast.commitments.views import (
    HALF_LIFE_DAYS,
    acknowledger_for,
    chart_context,
    estimates,
    marks_and_acknowledgements,
)
from steadfast.core.access import partner_of, person_required
from steadfast.core.models import Audience

# Lately (the last 14 days) against the last 30: a difference this size or more is called
# "higher" or "lower"; anything smaller "steady". Half a point on a 0-10 scale.
STEADY_WITHIN = 0.5


def _promises(queryset, viewer, day):
    """Each promise with its estimates, its chart and its counted marks and answers."""
    found = []
    for commitment in queryset.select_related("owner").prefetch_related(
        # Only what the counts need: a mark's note is sealed, and opening hundreds of them
        # for a page that never shows one was most of its time.
        Prefetch("marks", queryset=Mark.objects.only("id", "commitment_id", "day", "done")),
        Prefetch(
            "acknowledgements",
            queryset=Acknowledgement.objects.only(
                "id", "commitment_id", "partner_id", "day", "seen", "created_at"
            ),
        ),
    ):
        acknowledged_by = acknowledger_for(commitment, viewer)
        marks, acks = marks_and_acknowledgements(commitment, acknowledged_by=acknowledged_by)
        found.append(
            {
                "commitment": commitment,
                "estimates": estimates(commitment, day=day, acknowledged_by=acknowledged_by),
                "chart": chart_context(commitment, viewer, day=day),
                "marks": {(commitment.pk, d): done for d, done in marks.items()},
                "acks": {(commitment.pk, d): kept for d, kept in acks.items()},
            }
        )
    return found


def _gap_percent(marks, acks):
    gap = reliability.perception_gap(marks, acks)
    return None if gap is None else reliability.percent(gap)


def _summary(promises):
    """Plain counts across promises (every day so far, no forgetting) and the gap."""
    marks = {key: done for p in promises for key, done in p["marks"].items()}
    acks = {key: kept for p in promises for key, kept in p["acks"].items()}
    answered = [kept for kept in acks.values() if kept is not None]
    both = [key for key, done in marks.items() if acks.get(key) is not None]
    return {
        "count": len(promises),
        "marked": len(marks),
        "kept": sum(1 for done in marks.values() if done),
        "answered": len(answered),
        "noticed": sum(1 for kept in answered if kept),
        "both": len(both),
        "gap_percent": _gap_percent(marks, acks),
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


def _checkins(viewer):
    """For each side, per scale: the averages over each window and how lately compares."""
    short, long = WINDOWS[0], WINDOWS[-1]
    averages = {"mine": {}, "theirs": {}}
    counts = {"mine": {}, "theirs": {}}
    for days in WINDOWS:
        _, mine, theirs = shared_checkins(viewer, days)
        for side, entries in (("mine", list(mine)), ("theirs", list(theirs))):
            averages[side][days] = averages_of(entries)
            counts[side][days] = len(entries)
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


@person_required
@require_GET
def overview(request):
    partner = partner_of(request.user)
    if partner is None:
        return render(request, "together/overview.html", {"partner": None})
    day = today()
    mine = _promises(
        own_commitments(request.user).filter(audience__in=Audience.partner_audiences()),
        request.user,
        day,
    )
    theirs = _promises(shared_with(request.user), request.user, day)
    context = {
        "partner": partner,
        "mine": mine,
        "theirs": theirs,
        "mine_summary": _summary(mine),
        "theirs_summary": _summary(theirs),
        "both_summary": _summary(mine + theirs),
        "checkins": _checkins(request.user),
        "half_life": HALF_LIFE_DAYS,
    }
    return render(request, "together/overview.html", context)
