"""The therapist's pages: the caseload, a client, a client's measures; and the
operator's set-password link for a new therapist."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.assessments import definitions, interpretation
from steadfast.assessments.models import Measure
from steadfast.core import sections
from steadfast.core.access import public, therapist_required, visible_to
from steadfast.couples.models import Membership

from . import actions, dashboard
from .access import get_grant_for_therapist, get_pending_for_therapist, pending_for_therapist
from .forms import WelcomeForm
from .models import Grant

BACKEND = "django.contrib.auth.backends.ModelBackend"


def caseload(therapist):
    """[(grants, ...)]: one entry per couple where both partners granted access, one per
    client otherwise. Three queries, however many clients."""
    grants = list(
        Grant.objects.active()
        .filter(therapist=therapist)
        .select_related("client")
        .order_by("client__display_name", "pk")
    )
    by_client = {grant.client_id: grant for grant in grants}
    couples = defaultdict(list)
    for couple_id, person_id in Membership.objects.filter(person_id__in=by_client).values_list(
        "couple_id", "person_id"
    ):
        couples[couple_id].append(person_id)
    partner_of = {}
    for members in couples.values():
        if len(members) == 2:  # both partners granted this therapist
            first, second = members
            partner_of[first], partner_of[second] = second, first
    rows, shown = [], set()
    for grant in grants:
        if grant.client_id in shown:
            continue
        partner_id = partner_of.get(grant.client_id)
        together = [grant] + ([by_client[partner_id]] if partner_id else [])
        shown.update(g.client_id for g in together)
        rows.append(together)
    return rows


@therapist_required
@require_GET
def home(request):
    rows = caseload(request.user)
    # The dashboard: granted records only, a constant number of queries (practice.dashboard),
    # none of them when the cells are in the section cache.
    now = timezone.now()
    found = dashboard.frame(request.user, [grant for row in rows for grant in row], now)
    html, shown = dashboard.table(
        request.user, [[found[grant.client_id] for grant in row] for row in rows], now
    )
    actions.log_read_rows(request.user, shown)
    field = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    context = {
        "rows": rows,
        "table_rows": sections.safe(html.replace(dashboard.CSRF_MARKER, field)),
        "pending": list(pending_for_therapist(request.user)),
    }
    return render(request, "practice/home.html", context)


@therapist_required
@require_POST
def accept(request, key):
    grant = actions.accept(get_pending_for_therapist(request.user, key), request.user)
    messages.success(request, f"{grant.client.display_name} is now on your list.")
    return redirect("practice:home")


def _partner_grant(grant, therapist):
    """The partner's grant to the same therapist, if both partners granted; else None."""
    couple = Membership.objects.filter(person_id=grant.client_id).values("couple_id")
    partner = Membership.objects.filter(couple_id__in=couple).exclude(person_id=grant.client_id)
    return (
        Grant.objects.active()
        .filter(therapist=therapist, client_id__in=partner.values("person_id"))
        .select_related("client")
        .first()
    )


@therapist_required
@require_GET
def client(request, key):
    grant = get_grant_for_therapist(request.user, key)
    context = {
        "grant": grant,
        "client": grant.client,
        "categories": grant.categories(),
        "partner_grant": _partner_grant(grant, request.user),
        "can_see_measures": grant.measures or grant.safety,
    }
    return render(request, "practice/client.html", context)


@therapist_required
@require_GET
def client_measures(request, key):
    grant = get_grant_for_therapist(request.user, key)
    if not (grant.measures or grant.safety):
        raise Http404
    found = visible_to(Measure.objects.filter(owner=grant.client), request.user).order_by(
        "-completed_at", "-pk"
    )
    if not grant.safety:
        # Without the safety grant the sealed details (where PHQ-9 item 9's flag lives)
        # are not even loaded.
        found = found.summaries()
    found = list(found)
    known = definitions.all_instruments()
    rows = []
    for measure in found:
        instrument = known.get(measure.instrument)
        score = instrument and interpretation.score_of(instrument, measure.total, measure.mean)
        rows.append(
            {
                "measure": measure,
                "name": instrument.short_name if instrument else measure.instrument,
                "score": score,
                "band": interpretation.band_words(instrument, measure.band) if instrument else "",
                "safety_flags": measure.safety_flags if grant.safety else [],
            }
        )
    actions.log_reads(request.user, found)
    context = {"grant": grant, "client": grant.client, "rows": rows, "safety": grant.safety}
    return render(request, "practice/measures.html", context)


@public
@require_http_methods(["GET", "POST"])
def welcome(request, token):
    """A new therapist chooses a password through the operator's one-time link."""
    if request.user.is_authenticated:
        # On a shared device, never switch someone silently into another account.
        return render(request, "practice/welcome.html", {"logged_in": True})
    link = actions.find_link(token)
    if link is None:
        return render(request, "practice/welcome.html", {"invalid": True})
    form = WelcomeForm(request.POST if request.method == "POST" else None, user=link.therapist)
    if request.method == "POST" and form.is_valid():
        therapist = actions.use_link(link, form.cleaned_data["password1"])
        if therapist is None:
            return render(request, "practice/welcome.html", {"invalid": True})
        login(request, therapist, backend=BACKEND)
        messages.success(request, "Your password is set. Next, set up two-step sign-in.")
        return redirect("twofactor:setup")
    return render(request, "practice/welcome.html", {"form": form, "therapist": link.therapist})
