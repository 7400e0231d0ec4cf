import uuid
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import partner_of, person_required
from steadfast.core.models import WHO_SEES, Audience

from . import actions
from .access import get_own_checkin_for, own_checkins, shared_checkins, today
from .forms import DailyCheckInForm, ShareForm, SharingForm
from .models import SCALES, default_audience_for

WINDOWS = (14, 30)
RECENT = 7


def _window(request):
    """Days shown in the trend tables: 14 unless 30 is asked for."""
    return 30 if request.GET.get("days") == "30" else 14


def averages_of(entries):
    entries = list(entries)
    if not entries:
        return None
    return {
        name: round(sum(getattr(e, name) for e in entries) / len(entries), 1) for name in SCALES
    }


def _trend(entries, days):
    """One row per day of the window, newest first: (day, entry or None)."""
    by_day = {entry.day: entry for entry in entries}
    last = today()
    return [(day, by_day.get(day)) for day in (last - timedelta(days=n) for n in range(days))]


def _initial(person):
    initial = {"submission_key": uuid.uuid4(), "day": today()}
    current = own_checkins(person).filter(day=today()).first()
    if current is None:
        initial["audience"] = default_audience_for(person)
    else:
        initial.update(
            {name: str(getattr(current, name)) for name in SCALES},
            note=current.note,
            audience=current.audience,
        )
    return initial


def _daily_page(request, form, *, refused_share=None, status=200):
    """The daily page. `refused_share` is (entry, errors) for a refused change of audience:
    that entry is listed with its errors beside it."""
    days = _window(request)
    window = list(own_checkins(request.user, days))
    recent = [(entry, None) for entry in own_checkins(request.user)[:RECENT]]
    if refused_share is not None:
        refused, errors = refused_share
        recent = [(refused, errors)] + [(e, None) for e, _ in recent if e.pk != refused.pk]
    context = {
        "form": form,
        "recent": recent,
        "trend": _trend(window, days),
        "averages": averages_of(window),
        "days": days,
        "windows": WINDOWS,
        "audiences": Audience.choices,
    }
    return render(request, "checkins/daily.html", context, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def daily(request):
    if request.method == "POST":
        form = DailyCheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = actions.record_checkin(
                    request.user,
                    day=data["day"],
                    trust=data["trust"],
                    closeness=data["closeness"],
                    mood=data["mood"],
                    note=data["note"],
                    audience=data["audience"],
                    submission_key=data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                return _daily_page(request, form, status=idempotency.REFUSED_STATUS)
            when = "today" if entry.day == today() else entry.day.strftime("%-d %B %Y")
            messages.success(request, f"Saved for {when}. {WHO_SEES[entry.audience]}")
            return redirect("checkins:daily")
        form.renew_broken_key()
    else:
        form = DailyCheckInForm(initial=_initial(request.user))
    return _daily_page(request, form)


@person_required
@require_POST
def share(request, key):
    entry = get_own_checkin_for(request.user, key)
    form = ShareForm(request.POST)
    if not form.is_valid():
        blank = DailyCheckInForm(initial=_initial(request.user))
        return _daily_page(request, blank, refused_share=(entry, form.errors["audience"]))
    actions.share_checkin(entry, form.cleaned_data["audience"])
    when = entry.day.strftime("%-d %B %Y")
    messages.success(request, f"Your check-in for {when}: {WHO_SEES[entry.audience]}")
    return redirect("checkins:daily")


@person_required
@require_http_methods(["GET", "POST"])
def sharing(request):
    if request.method == "POST":
        form = SharingForm(request.POST)
        if form.is_valid():
            choice = actions.set_default_audience(
                request.user, form.cleaned_data["default_audience"]
            )
            messages.success(request, f"New daily check-ins: {WHO_SEES[choice.default_audience]}")
            return redirect("checkins:sharing")
    else:
        form = SharingForm(initial={"default_audience": default_audience_for(request.user)})
    return render(
        request,
        "checkins/sharing.html",
        {"form": form, "linked": partner_of(request.user) is not None},
    )


@person_required
@require_GET
def together(request):
    days = _window(request)
    partner, mine, theirs = shared_checkins(request.user, days)
    mine, theirs = list(mine), list(theirs)
    mine_by_day = {e.day: e for e in mine}
    theirs_by_day = {e.day: e for e in theirs}
    dates = sorted(set(mine_by_day) | set(theirs_by_day), reverse=True)
    context = {
        "partner": partner,
        "days": days,
        "windows": WINDOWS,
        "rows": [(d, mine_by_day.get(d), theirs_by_day.get(d)) for d in dates],
        "mine": mine,
        "theirs": theirs,
        "mine_averages": averages_of(mine),
        "theirs_averages": averages_of(theirs),
        "their_notes": [entry for entry in theirs if entry.note],
    }
    return render(request, "checkins/together.html", context)
