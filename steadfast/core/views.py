from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from steadfast.assessments.models import due_measures
from steadfast.program.next_step import next_step_for
from steadfast.safety.models import checkin_due

from .access import login_required, partner_of, public
from .steps import WAY_THROUGH


@public
@require_GET
def landing(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/landing.html", {"steps": WAY_THROUGH})


@public
@require_GET
def about(request):
    return render(request, "core/about.html")


@login_required
@require_GET
def home(request):
    if request.user.is_therapist:
        return render(request, "core/home_therapist.html")
    context = {
        "steps": WAY_THROUGH,
        "partner": partner_of(request.user),
        # Only the person's own check-ins decide this: a partner's never do.
        "checkin_due": checkin_due(request.user),
        # The person's own schedule and results, never a partner's.
        "measures_due": due_measures(request.user),
    }
    # The next meaningful step, from the person's own data only (program.next_step).
    context["next_step"] = next_step_for(
        request.user, measures=context["measures_due"], linked=context["partner"] is not None
    )
    return render(request, "core/home.html", context)


@public
@csrf_exempt
@require_POST
def quick_exit(request):
    """Called in the background by the quick-exit control: end the session at once.

    Clear-Site-Data asks the browser to drop its cached copies of our pages too.

    Exempt from CSRF on purpose: the beacon carries the token of whatever page was
    open, which may be stale (logging in elsewhere rotates it) and can't be retried
    once the page is gone. A refused beacon would leave the session alive on a
    shared device. The worst a forged request can do is log someone out, and the
    SameSite=Lax session cookie isn't sent with cross-site POSTs anyway.
    """
    logout(request)
    response = HttpResponse(status=204)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
