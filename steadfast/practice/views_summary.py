"""The therapist's pre-session summaries, of a couple or of one client (page and PDF), and
the last-session date."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from steadfast.core import sections
from steadfast.core.access import therapist_required

from . import actions, pdf
from . import summary as summaries
from .access import get_grant_for_therapist
from .categories import CATEGORY_FIELDS, Category
from .models import Grant


class SessionDateForm(forms.Form):
    day = forms.DateField(label="Last session", required=False)


# The page's summary is kept in the section cache (steadfast/core/sections.py) under the
# clients' generations (raised when anything it shows changes: practice/apps.py and
# together/apps.py), the grants as read now, the last session, the day and a 5-minute slot.
SECTION_CODE = (
    (
        "steadfast.practice.summary",
        "steadfast.practice.dashboard",
        "steadfast.assessments.interpretation",
        "steadfast.commitments.ledgers",
        "steadfast.commitments.reliability",
    ),
    ("practice/_summary_body.html",),
)
REBUILD_MINUTES = 5


def _summary(request, grants):
    """The summary of these grants, every record it shows written to the access log."""
    found = summaries.build(request.user, grants)
    actions.log_reads(request.user, found.shown)
    _log_conversations(request.user, _conversation_rows(found))
    return found


def _conversation_rows(found):
    return [
        [client_id, conversation._meta.label_lower, str(conversation.key)]
        for client_id, conversation in found.conversation_reads
    ]


def _log_conversations(therapist, rows):
    """Conversations go to the log of the client whose grant showed them, as on the
    conversations page (views_data): the partner who opened one never learns of it."""
    actions.log_read_rows(
        therapist,
        [(client_id, Category.CONVERSATIONS, label, key) for client_id, label, key in rows],
    )


def _page(request, grants, pdf_url):
    """The summary page: built, or from the section cache; logged either way."""
    therapist, now = request.user, timezone.now()

    def build():
        found = summaries.build(therapist, grants, now)
        summaries.add_inline_charts(found, therapist)
        context = {"summary": found, "pdf_url": pdf_url}
        return {
            "html": render_to_string("practice/_summary_body.html", context),
            "shown": [list(row) for row in actions.read_rows(found.shown)],
            "conversations": _conversation_rows(found),
        }

    today = timezone.localdate(now)
    inputs = (
        pdf_url,
        [
            (
                g.pk,
                g.client_id,
                [getattr(g, name) for name in CATEGORY_FIELDS],
                g.last_session_on,
                g.client.display_name,
                g.client.time_zone,
            )
            for g in grants
        ],
        summaries.last_session(therapist, grants, today),
        today,
        int(now.timestamp() // (REBUILD_MINUTES * 60)),
    )
    found = sections.cached_value(
        f"summary:{'-'.join(str(g.pk) for g in grants)}",
        therapist,
        [g.client_id for g in grants],
        inputs,
        build,
        scope=sections.THERAPIST,
        code=SECTION_CODE,
        timeout=2 * REBUILD_MINUTES * 60,
    )
    actions.log_read_rows(therapist, [tuple(row) for row in found["shown"]])
    _log_conversations(therapist, found["conversations"])
    return render(request, "practice/summary.html", {"body": sections.safe(found["html"])})


def _pdf(found, fallback):
    response = HttpResponse(pdf.render(found), content_type="application/pdf")
    name = slugify("-".join(part.name for part in found.parts)) or fallback
    response["Content-Disposition"] = f'attachment; filename="summary-{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@therapist_required
@require_GET
def couple_summary(request, key):
    grants = summaries.couple_grants(request.user, key)
    return _page(request, grants, reverse("practice:couple_summary_pdf", args=[key]))


@therapist_required
@require_GET
def couple_summary_pdf(request, key):
    return _pdf(_summary(request, summaries.couple_grants(request.user, key)), "couple")


@therapist_required
@require_GET
def client_summary(request, key):
    """One client on their own: only what their grant covers, nothing of the partner's."""
    grants = summaries.client_grants(request.user, key)
    return _page(request, grants, reverse("practice:client_summary_pdf", args=[key]))


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
