from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from steadfast.accounts.timezones import zone_for
from steadfast.core.access import person_required, public

from . import actions
from .access import feed_settings_or_404, settings_for
from .feed import calendar_for
from .forms import ReminderSettingsForm


def _page(request, form, prefs, *, new_feed_url=None):
    context = {
        "form": form,
        "prefs": prefs,
        "zone": zone_for(request.user).key,
        "new_feed_url": new_feed_url,
    }
    return render(request, "reminders/settings.html", context)


@person_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    prefs = settings_for(request.user)
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            actions.save_settings(request.user, **form.cleaned_data)
            messages.success(request, "Your reminder settings are saved.")
            return redirect("reminders:settings")
    else:
        form = ReminderSettingsForm(instance=prefs)
    return _page(request, form, prefs)


@person_required
@require_POST
def new_feed(request):
    """A new calendar link, shown on this response only: its secret is stored nowhere."""
    token = actions.new_feed_link(request.user)
    url = request.build_absolute_uri(reverse("reminders:feed", args=[token]))
    messages.success(
        request,
        "Your new calendar link is below. Copy it now: it is shown only this once. "
        "Any earlier link has stopped working.",
    )
    prefs = settings_for(request.user)
    return _page(request, ReminderSettingsForm(instance=prefs), prefs, new_feed_url=url)


@person_required
@require_POST
def revoke_feed(request):
    if actions.revoke_feed_link(request.user):
        messages.success(request, "Your calendar link is switched off. It no longer works.")
    else:
        messages.info(request, "You have no calendar link to switch off.")
    return redirect("reminders:settings")


@public
@require_safe
def feed(request, token):
    """The calendar behind a secret link. Public: calendar apps cannot log in."""
    prefs = feed_settings_or_404(token)
    response = HttpResponse(calendar_for(prefs), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response
