"""The therapist's pre-session summaries, of a couple or of one client (page and PDF), and
the last-session date."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from steadfast.core.access import therapist_required

from . import actions, pdf
from . import summary as summaries
from .access import get_grant_for_therapist
from .categories import Category
from .models import AccessRead, Grant


class SessionDateForm(forms.Form):
    day = forms.DateField(label="Last session", required=False)


def _summary(request, grants):
    """The summary of these grants, every record it shows written to the access log."""
    found = summaries.build(request.user, grants)
    actions.log_reads(request.user, found.shown)
    _log_conversations(request.user, found.conversation_reads)
    return found


def _log_conversations(therapist, reads):
    """Conversations go to the log of the client whose grant showed them, as on the
    conversations page (views_data): the partner who opened one never learns of it."""
    now = timezone.now()
    AccessRead.objects.bulk_create(
        AccessRead(
            client_id=client_id,
            therapist=therapist,
            therapist_name=therapist.display_name,
            category=Category.CONVERSATIONS,
            model_label=conversation._meta.label_lower,
            record_key=str(conversation.key),
            at=now,
        )
        for client_id, conversation in reads
    )


def _page(request, found, pdf_url):
    summaries.add_inline_charts(found, request.user)
    return render(request, "practice/summary.html", {"summary": found, "pdf_url": pdf_url})


def _pdf(found, fallback):
    response = HttpResponse(pdf.render(found), content_type="application/pdf")
    name = slugify("-".join(part.name for part in found.parts)) or fallback
    response["Content-Disposition"] = f'attachment; filename="summary-{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@therapist_required
@require_GET
def couple_summary(request, key):
    found = _summary(request, summaries.couple_grants(request.user, key))
    return _page(request, found, reverse("practice:couple_summary_pdf", args=[key]))


@therapist_required
@require_GET
def couple_summary_pdf(request, key):
    return _pdf(_summary(request, summaries.couple_grants(request.user, key)), "couple")


@therapist_required
@require_GET
def client_summary(request, key):
    """One client on their own: only what their grant covers, nothing of the partner's."""
    found = _summary(request, summaries.client_grants(request.user, key))
    return _page(request, found, reverse("practice:client_summary_pdf", args=[key]))


@therapist_required
@require_GET
def client_summary_pdf(request, key):
    return _pdf(_summary(request, summaries.client_grants(request.user, key)), "client")


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
