"""Who may reach which view, and who may see which record.

Two rules hold across Steadfast:

* Deny by default. Every view declares its access with one of the decorators
  below; `DenyByDefaultMiddleware` refuses any view that did not.
* One place decides visibility. `can_view` and `visible_to` answer "may this
  person see this record?" for every model built on `PersonalRecord`; views call
  `get_visible_or_404` and never look up another person's record by key directly.
  A record someone may not see answers 404, so its existence is not revealed.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404

from .models import Audience

ACCESS_ATTRIBUTE = "steadfast_access"


def _mark(view, level):
    setattr(view, ACCESS_ATTRIBUTE, level)
    return view


def public(view):
    """Anyone may call this view, logged in or not."""
    return _mark(view, "public")


def login_required(view):
    """Any logged-in account: a person or a therapist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    return _mark(wrapper, "login")


def person_required(view):
    """A logged-in person (not a therapist account). Others get 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not request.user.is_person:
            raise Http404
        return view(request, *args, **kwargs)

    return _mark(wrapper, "person")


def therapist_required(view):
    """A logged-in therapist whose session passed the second step. People get 404.

    A therapist who has not set up two-step sign-in yet is sent to set it up; one who
    has, but whose session has not passed it, is asked for a code. Nothing of a
    client's is shown before that (see steadfast/practice/twofactor.py).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not request.user.is_therapist:
            raise Http404
        from steadfast.practice import twofactor

        if not twofactor.is_verified(request.user):
            return twofactor.redirect_to_second_step(request)
        return view(request, *args, **kwargs)

    # Therapist pages write the client's access log as they show it (practice.actions):
    # their transactions take SQLite's write lock from the start (core/reads.py).
    wrapper.writes_on_read = True
    return _mark(wrapper, "therapist")


def declared_access(view):
    """The access level a view declared, or None if it declared nothing."""
    return getattr(view, ACCESS_ATTRIBUTE, None)


# ---------------------------------------------------------------------------
# Record visibility
# ---------------------------------------------------------------------------


def partner_of(user):
    """The person `user` is linked with right now, or None. Cached per request user."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_steadfast_partner"):
        from steadfast.couples.models import current_partner

        user._steadfast_partner = current_partner(user)
    return user._steadfast_partner


def forget_partner(user):
    """Drop the cached partner after a link or unlink in the same request."""
    if hasattr(user, "_steadfast_partner"):
        del user._steadfast_partner


def therapist_may_view(therapist, record):
    """May this therapist see `record`? Only when its audience includes a therapist, its
    owner has an accepted grant to this therapist, and the grant covers the record's
    category (the table is in steadfast/practice/categories.py). Views that show it
    also write the client's access log (steadfast.practice.actions.log_reads)."""
    if not getattr(therapist, "is_therapist", False):
        return False
    from steadfast.practice.access import grant_covers

    return grant_covers(therapist, record)


def can_view(viewer, record):
    """May `viewer` see `record` (any `PersonalRecord`)?"""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if record.owner_id == viewer.pk:
        return True
    if record.audience in Audience.partner_audiences():
        partner = partner_of(viewer)
        if partner is not None and partner.pk == record.owner_id:
            return True
    if record.audience in Audience.therapist_audiences():
        return therapist_may_view(viewer, record)
    return False


def visible_to(queryset, viewer):
    """Narrow a queryset of `PersonalRecord`s to what `viewer` may see."""
    if not getattr(viewer, "is_authenticated", False):
        return queryset.none()
    condition = Q(owner=viewer)
    if getattr(viewer, "is_therapist", False):
        from steadfast.practice.access import granted_condition

        # One subquery per category involved, inside the same SQL query: never per row.
        return queryset.filter(condition | granted_condition(queryset.model, viewer))
    partner = partner_of(viewer)
    if partner is not None:
        condition |= Q(owner=partner, audience__in=Audience.partner_audiences())
    return queryset.filter(condition)


def get_visible_or_404(queryset, viewer, **lookup):
    """The one record matching `lookup` that `viewer` may see, or 404."""
    try:
        return visible_to(queryset, viewer).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
