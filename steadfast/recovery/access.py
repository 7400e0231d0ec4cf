"""Who may reach a pathway and its records. Views ask here and nowhere else.

A pathway is reachable only by its two people, and only while they are still linked to
each other: after an unlink it answers 404 to both. The invitee reaches it only through
the invitation until they choose to join. Records inside it are `PersonalRecord`s:
`steadfast.core.access` decides who sees which (owner, and partner only if shared).
"""

from django.http import Http404

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.couples.models import Membership

from .models import Pathway


def couple_id_of(user):
    return Membership.objects.filter(person=user).values_list("couple_id", flat=True).first()


def pathway_for(user):
    """The pathway of `user`'s current couple, joined or not, or None."""
    if partner_of(user) is None:
        return None
    couple_id = couple_id_of(user)
    return Pathway.objects.filter(couple_id=couple_id).first() if couple_id else None


def get_pathway_for(user):
    """The pathway `user` takes part in: they started it, or chose to join. Else 404."""
    pathway = pathway_for(user)
    if pathway is None or not (pathway.is_starter(user) or pathway.joined):
        raise Http404
    return pathway


def own(queryset, user, **lookup):
    """One of `user`'s own records (a partner gets 404 too)."""
    return get_visible_or_404(queryset.filter(owner=user), user, **lookup)


def shared_by_partner(queryset, user):
    """What the current partner chose to share with `user`, and nothing else."""
    partner = partner_of(user)
    if partner is None:
        return queryset.none()
    return visible_to(queryset.filter(owner=partner), user)
