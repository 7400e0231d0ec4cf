"""A person's own security events, under /account/security/: only ever their own."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from steadfast.core.access import login_required

from . import retention
from .actions import FAILED_LOGINS_PER_HOUR
from .models import Event, Kind

PAGE_SIZE = 50
# (kind, detail, value) -> words shown after the event's name. Details not listed here
# are kept but not shown.
DETAIL_WORDS = {
    (Kind.LOGIN_FAILED, "how", "password"): "a wrong password at log-in",
    (Kind.LOGIN_FAILED, "how", "code"): "a wrong two-step code",
    (Kind.LOGIN_FAILED, "how", "recheck"): "a wrong password re-entered while logged in",
    (Kind.DATA_EXPORTED, "format", "json"): "JSON",
    (Kind.DATA_EXPORTED, "format", "fhir"): "FHIR",
}


def describe(event):
    words = [
        DETAIL_WORDS[key]
        for key in ((event.kind, name, value) for name, value in sorted(event.details.items()))
        if key in DETAIL_WORDS
    ]
    return event.get_kind_display(), ", ".join(words)


@login_required
@require_GET
def security(request):
    # The page asks for nothing but the page number: there is no way to name an account.
    events = Event.objects.filter(user=request.user).order_by("-at", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(event, *describe(event)) for event in page],
        "days": retention.kept_days(),
        "failed_per_hour": FAILED_LOGINS_PER_HOUR,
    }
    return render(request, "audit/security.html", context)
