"""The therapist's pre-session summary of a couple (page and PDF) and the last-session date."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from steadfast.core.access import therapist_required

from . import actions, pdf
from . import summary as summaries
from .access import get_grant_for_therapist
from .models import Grant


class SessionDateForm(forms.Form):
    day = forms.DateField(label="Last session", required=False)


def _summary(request, key):
    grants = summaries.couple_grants(request.user, key)
    found = summaries.build(request.user, grants)
    actions.log_reads(request.user, found.shown)
    return found


@therapist_required
@require_GET
def couple_summary(request, key):
    found = _summary(request, key)
    return render(request, "practice/summary.html", {"summary": found, "key": key})


@therapist_required
@require_GET
def couple_summary_pdf(request, key):
    found = _summary(request, key)
    response = HttpResponse(pdf.render(found), content_type="application/pdf")
    name = slugify("-".join(part.name for part in found.parts)) or "couple"
    response["Content-Disposition"] = f'attachment; filename="summary-{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@therapist_required
@require_POST
def session_date(request, key):
    """Set (or clear) the last session's date: on both partners' grants when both granted."""
    grant = get_grant_for_therapist(request.user, key)
    form = SessionDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That date could not be read: nothing was changed.")
        return redirect("practice:home")
    try:
        grants = summaries.couple_grants(request.user, key)
    except Http404:
        grants = (grant,)
    Grant.objects.filter(pk__in=[g.pk for g in grants]).update(
        last_session_on=form.cleaned_data["day"]
    )
    return redirect("practice:home")
