"""Who may open which measure. Views ask here and nowhere else."""

from django.http import Http404

from steadfast.core.access import get_visible_or_404

from . import battery
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
