"""Who may see which progress and which reflection. Views ask here and nowhere else."""

from django.http import Http404

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience

from .models import Progress, ProgressSharing, State
from .modules import ORDER


def own_progress(user):
    """{module slug: the person's own Progress}, from one query."""
    return {row.module: row for row in Progress.objects.filter(owner=user)}


def own_states(user):
    """{module slug: state} of the person's own progress; the reflections stay sealed."""
    rows = Progress.objects.filter(owner=user).values_list("module", "state")
    return dict(rows)


def get_own_progress_for(user, slug):
    """The person's own progress on a module, or None if they have not begun it."""
    return Progress.objects.filter(owner=user, module=slug).first()


def get_own_reflection_for(user, slug):
    """The person's own progress on a module holding a reflection; anyone else, and a
    module without one, 404."""
    progress = get_visible_or_404(Progress.objects.filter(owner=user), user, module=slug)
    if not progress.has_reflection:
        raise Http404
    return progress


def shares_done(user):
    """Has `user` chosen to show their partner which modules they have done?"""
    return ProgressSharing.objects.filter(owner=user, share_done=True).exists()


def partners_done(user):
    """The slugs of the modules the current partner has done, in program order, if they
    chose to show them; otherwise none. Their other states are never read."""
    partner = partner_of(user)
    if partner is None or not shares_done(partner):
        return []
    slugs = Progress.objects.filter(owner=partner, state=State.DONE).values_list(
        "module", flat=True
    )
    return sorted((slug for slug in slugs if slug in ORDER), key=ORDER.get)


def partners_reflections(user):
    """The reflections the current partner shares with `user`, in program order. Filtered
    on the audience in the database, so the partner's private ones are never even read."""
    partner = partner_of(user)
    if partner is None:
        return []
    shared = Progress.objects.filter(owner=partner, audience__in=Audience.partner_audiences())
    rows = [row for row in visible_to(shared, user) if row.module in ORDER and row.reflection]
    return sorted(rows, key=lambda row: ORDER[row.module])
