import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.assessments import battery, definitions, interpretation, profile
from steadfast.core import idempotency
from steadfast.core.access import person_required
from steadfast.core.models import WHO_SEES, Audience

from . import actions, weeks
from .access import (
    SELF_CARE_MEASURES,
    get_own_activity_for,
    own_activities,
    own_latest_measures,
    own_log,
    today,
)
from .forms import (
    ActivityForm,
    EditActivityForm,
    LogForm,
    ShareForm,
)
from .models import Status

WEEK_CHOICES = (4, 8, 12)
SAVED_ELSEWHERE = (
    "This was changed on another device after you opened it, so your changes are not "
    "saved yet. Both versions are below: choose which to keep."
)


def _errors(form):
    return [error for errors in form.errors.values() for error in errors]


# --- The self-care page ----------------------------------------------------------------


def _measure_readings(person):
    """The person's own latest RSES, PHQ-9 and GAD-7, each with the trust profile's words
    for it (a safety flag on a PHQ-9 included) and the step it points to."""
    known = definitions.all_instruments()
    areas = {key: area for area in profile.AREAS for key in area.instruments}
    readings = []
    for measure in own_latest_measures(person):
        instrument = known.get(measure.instrument)
        if instrument is None:
            continue
        reading = profile.Reading(
            instrument=measure.instrument,
            score=interpretation.score_of(instrument, measure.total, measure.mean),
            band=measure.band,
            completed_at=measure.completed_at,
            key=measure.submission_key,
            flagged=bool(measure.safety_flags),
        )
        readings.append(profile.finding_for(areas[measure.instrument], instrument, reading))
    order = {key: n for n, key in enumerate(SELF_CARE_MEASURES)}
    return sorted(readings, key=lambda finding: order[finding.instrument.key])


def _offered(key):
    return next((i for i in battery.offered_instruments() if i.key == key), None)


def _index_page(request, form, *, refused=None, status=200):
    """The plan, today's quick log, this week's counts and the measures. `refused` is
    (activity key, errors) for a refused log or change of audience."""
    person = request.user
    day = today()
    monday = weeks.week_starts(day, 1)[0]
    activities = list(own_activities(person))
    logged = {}
    for entry in own_log(person, monday, day):
        logged.setdefault(entry.activity_id, []).append(entry)
    rows = []
    for activity in activities:
        entries = logged.get(activity.pk, [])
        rows.append(
            {
                "activity": activity,
                "done_today": next((e for e in entries if e.day == day), None),
                "this_week": weeks.Week(monday, len(entries), activity.times_per_week, True),
                "submission_key": uuid.uuid4(),
                "errors": refused[1] if refused and refused[0] == activity.key else [],
            }
        )
    context = {
        "form": form,
        "rows": rows,
        "retired": list(own_activities(person, Status.RETIRED)),
        "audiences": Audience.choices,
        "findings": _measure_readings(person),
        "rses": _offered("rses"),
    }
    return render(request, "selfcare/index.html", context, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def index(request):
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity = actions.add_activity(
                    request.user,
                    text=data["text"],
                    times_per_week=data["times_per_week"],
                    audience=data["audience"],
                    submission_key=data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                return _index_page(request, form, status=idempotency.REFUSED_STATUS)
            messages.success(request, f"Added to your plan. {WHO_SEES[activity.audience]}")
            return redirect("selfcare:index")
        form.renew_broken_key()
    else:
        form = ActivityForm(
            initial={"submission_key": uuid.uuid4(), "times_per_week": "3", "audience": "private"}
        )
    return _index_page(request, form)


def _blank_activity_form():
    return ActivityForm(
        initial={"submission_key": uuid.uuid4(), "times_per_week": "3", "audience": "private"}
    )


@person_required
@require_POST
def log(request, key):
    activity = get_own_activity_for(request.user, key)
    form = LogForm(request.POST)
    if not form.is_valid():
        return _index_page(request, _blank_activity_form(), refused=(activity.key, _errors(form)))
    try:
        _, new = actions.log_done(
            activity,
            day=today(),
            note=form.cleaned_data["note"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except actions.Refused as refusal:
        return _index_page(request, _blank_activity_form(), refused=(activity.key, [str(refusal)]))
    except idempotency.KeyReused as reused:
        return _index_page(
            request,
            _blank_activity_form(),
            refused=(activity.key, [str(reused)]),
            status=idempotency.REFUSED_STATUS,
        )
    if new:
        messages.success(request, "Noted for today. Well done for looking after yourself.")
    else:
        messages.info(request, "That was already noted for today, so it counts once.")
    return redirect("selfcare:index")


@person_required
@require_POST
def share_activity(request, key):
    activity = get_own_activity_for(request.user, key)
    form = ShareForm(request.POST)
    if not form.is_valid():
        errors = form.errors["audience"]
        return _index_page(request, _blank_activity_form(), refused=(activity.key, errors))
    actions.share(activity, form.cleaned_data["audience"])
    messages.success(request, f"Who sees this activity: {WHO_SEES[activity.audience]}")
    return redirect("selfcare:index")


@person_required
@require_POST
def retire_activity(request, key):
    activity = get_own_activity_for(request.user, key)
    actions.retire(activity)
    messages.success(request, "Taken out of your plan. What you logged for it stays.")
    return redirect("selfcare:index")


# --- Editing, with a check for changes made elsewhere ------------------------------------


def _conflict_page(request, form, current, rows, back):
    context = {
        "form": form,
        "current": current,
        "rows": rows,
        "back": back,
        "message": SAVED_ELSEWHERE,
    }
    return render(request, "selfcare/conflict.html", context, status=409)


def edit(request, record, form_class, fields, template, back):
    """The edit page for an activity or a reflection (`fields`: [(name, label)])."""
    refused = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            values = {name: data[name] for name, _ in fields}
            try:
                actions.update(record, version=data["version"], **values)
            except actions.Conflict as conflict:
                current = conflict.current
                # The person's words stay in the form, now against the saved version.
                mine = form_class(initial={**values, "version": current.version}, auto_id="mine_%s")
                rows = [
                    (label, _shown(current, name), _shown_value(form, name, data[name]))
                    for name, label in fields
                ]
                return _conflict_page(request, mine, current, rows, back)
            except actions.Refused as refusal:
                refused = str(refusal)
            else:
                messages.success(request, "Saved.")
                return redirect(back)
    else:
        initial = {name: getattr(record, name) for name, _ in fields}
        form = form_class(initial={**initial, "version": record.version})
    context = {"form": form, "record": record, "refused": refused, "back": back}
    return render(request, template, context)


def _shown(record, name):
    if name == "times_per_week":
        return record.how_often.capitalize()
    value = getattr(record, name)
    return value.strftime("%-d %B %Y") if hasattr(value, "strftime") else value


def _shown_value(form, name, value):
    if name == "times_per_week":
        return dict(form.fields[name].choices).get(str(value), value)
    return value.strftime("%-d %B %Y") if hasattr(value, "strftime") else value


ACTIVITY_FIELDS = [("text", "The activity"), ("times_per_week", "How often")]
STRENGTH_FIELDS = [("text", "The strength"), ("detail", "A time you showed it")]
WENT_WELL_FIELDS = [
    ("text", "What went well"),
    ("detail", "What it says about you"),
    ("day", "When"),
]


@person_required
@require_http_methods(["GET", "POST"])
def edit_activity(request, key):
    activity = get_own_activity_for(request.user, key)
    if not activity.is_active and request.method == "GET":
        return redirect("selfcare:index")
    return edit(
        request,
        activity,
        EditActivityForm,
        ACTIVITY_FIELDS,
        "selfcare/edit_activity.html",
        "selfcare:index",
    )


# --- The week ------------------------------------------------------------------------------


@person_required
@require_GET
def week(request):
    try:
        count = int(request.GET.get("weeks", WEEK_CHOICES[0]))
    except ValueError:
        count = WEEK_CHOICES[0]
    if count not in WEEK_CHOICES:
        count = WEEK_CHOICES[0]
    person, day = request.user, today()
    first = weeks.week_starts(day, count)[-1]
    days_done = {}
    for activity_id, logged_on in own_log(person, first, day).values_list("activity_id", "day"):
        days_done.setdefault(activity_id, set()).add(logged_on)
    zone = timezone.get_current_timezone()
    tables = []
    for activity in own_activities(person):
        since = timezone.localtime(activity.created_at, zone).date()
        found = days_done.get(activity.pk, set())
        tables.append((activity, weeks.weekly(found, activity.times_per_week, day, count, since)))
    context = {"tables": tables, "count": count, "choices": WEEK_CHOICES}
    return render(request, "selfcare/week.html", context)
