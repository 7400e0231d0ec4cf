"""Who may open which self-care record. Views ask here and nowhere else."""

from datetime import timedelta

from django.utils import timezone

from steadfast.assessments.models import Measure
from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience

from .models import Activity, Kind, LogEntry, Reflection, Status

# The measures the self-care page links to (DESIGN.md §1: self-esteem and wellbeing).
SELF_CARE_MEASURES = ("rses", "phq9", "gad7")


def today():
    """The person's own day: requests run in their time zone (accounts.timezones)."""
    return timezone.localdate()


def week_start(day):
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def get_own_activity_for(user, key):
    """One of the person's own activities; everyone else gets 404, a partner too."""
    return get_visible_or_404(Activity.objects.filter(owner=user), user, key=key)


def get_own_reflection_for(user, key):
    """One of the person's own strengths or good things; everyone else gets 404."""
    return get_visible_or_404(Reflection.objects.filter(owner=user), user, key=key)


def own_activities(user, status=Status.ACTIVE):
    return Activity.objects.filter(owner=user, status=status).order_by("created_at", "pk")


def own_log(user, first, last):
    """The person's own log entries between two days, both included."""
    return LogEntry.objects.filter(owner=user, day__gte=first, day__lte=last)


def own_reflections(user, kind):
    return Reflection.objects.filter(owner=user, kind=kind).order_by("-day", "-created_at", "-pk")


def shared_with(user):
    """(partner, activities, strengths, went_well): what the person's current partner
    shares with them, and nothing else. With no partner, (None, none, none, none)."""
    partner = partner_of(user)
    if partner is None:
        return None, Activity.objects.none(), Reflection.objects.none(), Reflection.objects.none()
    partner_only = {"owner": partner, "audience__in": Audience.partner_audiences()}
    activities = visible_to(Activity.objects.filter(status=Status.ACTIVE), user).filter(
        **partner_only
    )
    reflections = visible_to(Reflection.objects.all(), user).filter(**partner_only)
    return (
        partner,
        activities.order_by("created_at", "pk"),
        reflections.filter(kind=Kind.STRENGTH).order_by("-day", "-pk"),
        reflections.filter(kind=Kind.WENT_WELL).order_by("-day", "-pk"),
    )


def own_latest_measures(user):
    """The person's own latest RSES, PHQ-9 and GAD-7, with the details needed to notice a
    safety flag (the answers stay unloaded). Never anyone else's, shared or not."""
    return (
        Measure.objects.filter(owner=user, instrument__in=SELF_CARE_MEASURES)
        .newest_each()
        .defer("answers")
    )
