"""Who may open which measure. Views ask here and nowhere else."""

from django.http import Http404

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience

from . import battery, definitions
from .models import Measure


def get_offered_instrument(key):
    """An instrument a person can take on these pages, or 404.

    Unknown keys, instruments whose texts are not available here, and safety
    instruments (asked only in the check-in) all answer the same 404.
    """
    for instrument in battery.offered_instruments():
        if instrument.key == key:
            return instrument
    raise Http404


def get_own_measure_for(user, key):
    """One of the person's own measures, whole; everyone else gets 404, a partner too.

    Measures are addressed by their random key, never by their sequential id.
    """
    return get_visible_or_404(Measure.objects.filter(owner=user), user, submission_key=key)


def get_measure_for(user, key):
    """The person's own measure with this key, else one their partner shared with them.

    A key is unique per owner only, so the person's own measure wins. A partner's is
    loaded without its encrypted columns (answers, subscales, screen, flags): nothing of
    them can reach a partner's page, shared or not. Anyone else gets 404.
    """
    try:
        return get_own_measure_for(user, key)
    except Http404:
        shared = Measure.objects.summaries().exclude(owner=user)
        return get_visible_or_404(shared, user, submission_key=key)


def get_instrument_or_404(key):
    """Any instrument this app knows (taken here or imported); unknown keys 404."""
    instrument = definitions.all_instruments().get(key)
    if instrument is None:
        raise Http404
    return instrument


def get_shareable_instrument(key):
    """An instrument whose results can reach a partner: safety instruments 404."""
    if battery.is_safety_instrument(key):
        raise Http404
    return get_instrument_or_404(key)


def own_results(user, instrument):
    """The person's own results of one instrument, oldest first: scores, bands, dates."""
    return (
        Measure.objects.summaries()
        .filter(owner=user, instrument=instrument.key)
        .order_by("completed_at", "pk")
    )


def shared_results(user, instrument):
    """(partner, mine, theirs) for a side-by-side view: the results of one instrument
    each partner chose to share with the other, oldest first, scores and bands only.

    Only shared ones on both sides, so the two partners see the same picture. With no
    partner, (None, none, none).
    """
    partner = partner_of(user)
    if partner is None:
        nothing = Measure.objects.none()
        return None, nothing, nothing
    shared = Measure.objects.summaries().filter(
        instrument=instrument.key, audience__in=Audience.partner_audiences()
    )
    mine = shared.filter(owner=user).order_by("completed_at", "pk")
    theirs = visible_to(shared, user).filter(owner=partner).order_by("completed_at", "pk")
    return partner, mine, theirs
