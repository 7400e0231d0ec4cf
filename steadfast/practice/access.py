"""What a therapist may see, decided from grants. `steadfast.core.access` asks here.

A therapist sees a record only when all three hold: its audience includes a
therapist, its owner has an accepted grant to this therapist, and that grant covers
the record's category. Grants are looked up on every call: revoking one takes effect
on the very next request.
"""

from django.db.models import Q
from django.http import Http404

from steadfast.core.models import Audience

from .categories import category_of, record_conditions
from .models import Grant


def grant_covers(therapist, record):
    """May `therapist` see `record` (any `PersonalRecord`)?"""
    if record.audience not in Audience.therapist_audiences():
        return False
    category = category_of(record)
    if category is None:
        return False
    return (
        Grant.objects.active()
        .filter(therapist=therapist, client_id=record.owner_id, **{category: True})
        .exists()
    )


def granted_condition(model, therapist):
    """A Q on `model` matching exactly the rows `therapist` may see, evaluated in SQL."""
    condition = Q(pk__in=[])
    for rows, category in record_conditions(model):
        clients = (
            Grant.objects.active()
            .filter(therapist=therapist, **{category: True})
            .values("client_id")
        )
        condition |= rows & Q(owner_id__in=clients)
    return condition & Q(audience__in=Audience.therapist_audiences())


def get_grant_for_therapist(therapist, key):
    """An accepted grant to `therapist` addressed by its key, client loaded, or 404."""
    try:
        return Grant.objects.active().select_related("client").get(therapist=therapist, key=key)
    except Grant.DoesNotExist:
        raise Http404 from None


def pending_for_therapist(therapist):
    """Invitations addressed to this therapist's email and not yet accepted."""
    return (
        Grant.objects.filter(
            therapist__isnull=True, therapist_email=therapist.email, client__is_active=True
        )
        .select_related("client")
        .order_by("created_at")
    )


def get_pending_for_therapist(therapist, key):
    try:
        return pending_for_therapist(therapist).get(key=key)
    except Grant.DoesNotExist:
        raise Http404 from None


def get_own_grant(client, key):
    """One of the client's own grants, or 404."""
    try:
        return Grant.objects.get(client=client, key=key)
    except Grant.DoesNotExist:
        raise Http404 from None
