"""Who may open which entry or thought record. Views ask here and nowhere else."""

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience

from .models import Entry, ThoughtRecord


def get_entry_for(user, key):
    """An entry `user` may read: their own, or one their current partner shares with them."""
    return get_visible_or_404(Entry.objects.all(), user, key=key)


def get_own_entry_for(user, key):
    """One of the person's own entries; everyone else gets 404, a partner too."""
    return get_visible_or_404(Entry.objects.filter(owner=user), user, key=key)


def get_thought_for(user, key):
    return get_visible_or_404(ThoughtRecord.objects.all(), user, key=key)


def get_own_thought_for(user, key):
    return get_visible_or_404(ThoughtRecord.objects.filter(owner=user), user, key=key)


def own_entries(user):
    return Entry.objects.filter(owner=user).order_by("-created_at", "-pk")


def own_thoughts(user):
    return ThoughtRecord.objects.filter(owner=user).order_by("-created_at", "-pk")


def shared_with(user, model):
    """What the current partner shares with `user` of `model`, newest first. Filtered on the
    audience in the database, so the partner's private rows are never even read."""
    partner = partner_of(user)
    if partner is None:
        return model.objects.none()
    shared = model.objects.filter(owner=partner, audience__in=Audience.partner_audiences())
    return visible_to(shared, user).select_related("owner").order_by("-created_at", "-pk")
