"""Jealousy thought records: write one, look back over them (with how much the feeling
eased), edit, share one by one, delete."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import person_required

from . import actions, pages, trends
from .access import get_own_thought_for, get_thought_for, own_thoughts
from .forms import EditThoughtRecordForm, ThoughtRecordForm

THOUGHT = pages.Kind(
    noun="thought record",
    fields=(
        ("situation", "What happened"),
        ("thought", "What went through your mind"),
        ("feeling", "What you felt"),
        ("strength_before", "How strong it was then"),
        ("evidence_for", "What makes the thought seem true"),
        ("evidence_against", "What doesn't fit with it"),
        ("balanced", "A more balanced way to see it"),
        ("strength_after", "How strong it was afterwards"),
    ),
    edit_form=EditThoughtRecordForm,
    new_form=ThoughtRecordForm,
    get_own=get_own_thought_for,
    detail="journal:thought",
    edit="journal:thought_edit",
    new="journal:thought_new",
    listing="journal:thoughts",
    detail_template="journal/thought.html",
)


@person_required
@require_GET
def thoughts(request):
    """The person's own records, newest first, and how much the feeling eased."""
    records = list(own_thoughts(request.user))
    zone = timezone.get_current_timezone()
    summary = trends.summary(
        [
            (timezone.localtime(r.created_at, zone).date(), r.strength_before, r.strength_after)
            for r in records
        ],
        today=timezone.localdate(),
    )
    context = {
        "records": records,
        "summary": [(row, trends.eased_words(row.eased)) for row in summary],
        "any_complete": any(row.count for row in summary),
    }
    return render(request, "journal/thoughts.html", context)


@person_required
@require_http_methods(["GET", "POST"])
def thought_new(request):
    status = 200
    if request.method == "POST":
        form = ThoughtRecordForm(request.POST)
        if form.is_valid():
            try:
                record = actions.write_thought_record(
                    request.user,
                    submission_key=form.cleaned_data["submission_key"],
                    **form.values(),
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
            else:
                messages.success(request, f"Saved. {pages.WHO_SEES[record.audience]}")
                return redirect("journal:thought", key=record.key)
        form.renew_broken_key()
    else:
        form = ThoughtRecordForm(initial={"submission_key": uuid.uuid4()})
    return render(request, "journal/thought_new.html", {"form": form}, status=status)


def _detail_page(request, record, *, share_errors=None):
    is_owner = record.owner_id == request.user.pk
    context = {"record": record, "is_owner": is_owner}
    if is_owner:
        context |= pages.share_context(record, share_errors)
    return render(request, "journal/thought.html", context)


@person_required
@require_GET
def thought(request, key):
    return _detail_page(request, get_thought_for(request.user, key))


@person_required
@require_http_methods(["GET", "POST"])
def thought_edit(request, key):
    return pages.edit_page(request, THOUGHT, key)


@person_required
@require_POST
def thought_share(request, key):
    return pages.share_page(request, THOUGHT, key, _detail_page)


@person_required
@require_http_methods(["GET", "POST"])
def thought_delete(request, key):
    return pages.delete_page(request, THOUGHT, key)
