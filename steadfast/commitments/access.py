"""Who may open which commitment. Views ask here and nowhere else."""

from django.http import Http404
from django.utils import timezone

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience

from .models import Commitment


def today():
    """The person's own day: requests run in their time zone (accounts.timezones)."""
    return timezone.localdate()


def get_commitment_for(user, key):
    """A commitment `user` may see: their own, or one their partner shares with them."""
    return get_visible_or_404(Commitment.objects.all(), user, key=key)


def get_own_commitment_for(user, key):
    """One of the person's own commitments; everyone else gets 404, a partner too."""
    return get_visible_or_404(Commitment.objects.filter(owner=user), user, key=key)


def get_partners_commitment_for(user, key):
    """A commitment the person's current partner shares with them; anyone else (the owner,
    an ex-partner, an outsider) gets 404."""
    partner = partner_of(user)
    if partner is None:
        raise Http404
    shared = Commitment.objects.filter(owner=partner, audience__in=Audience.partner_audiences())
    return get_visible_or_404(shared, user, key=key)


def own_commitments(user):
    return Commitment.objects.filter(owner=user).order_by("status", "-created_at", "-pk")


def shared_with(user):
    """The partner's commitments shared with `user`, active first."""
    partner = partner_of(user)
    if partner is None:
        return Commitment.objects.none()
    shared = Commitment.objects.filter(owner=partner, audience__in=Audience.partner_audiences())
    return visible_to(shared, user).order_by("status", "-created_at", "-pk")
