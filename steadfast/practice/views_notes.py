"""The therapist's session notes about a client: list, add, edit, delete.

Everything here is the therapist's own: nothing is read from the client, so nothing
is written to the client's access log. The page is reached through the client's
accepted grant (any category), so a revoked grant closes it at once (404); the notes
stay the therapist's, sealed with the therapist's key, and show again if the client
grants access again.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import therapist_required
from steadfast.couples.models import Membership

from . import notes
from .access import get_grant_for_therapist
from .forms_notes import NewNoteForm, NoteForm
from .models import Grant


def partner_grant_of(grant, therapist):
    """The partner's accepted grant to the same therapist (both granted), or None."""
    couple = Membership.objects.filter(person_id=grant.client_id).values("couple_id")
    partner = Membership.objects.filter(couple_id__in=couple).exclude(person_id=grant.client_id)
    return (
        Grant.objects.active()
        .filter(therapist=therapist, client_id__in=partner.values("person_id"))
        .select_related("client")
        .first()
    )


def _page(request, grant, form, *, status=200):
    context = {
        "grant": grant,
        "client": grant.client,
        "form": form,
        "notes": list(notes.notes_about(request.user, grant.client).select_related("partner")),
    }
    return render(request, "practice/notes.html", context, status=status)


@therapist_required
@require_http_methods(["GET", "POST"])
def index(request, key):
    grant = get_grant_for_therapist(request.user, key)
    partner_grant = partner_grant_of(grant, request.user)
    partner = partner_grant.client if partner_grant else None
    if request.method == "GET":
        form = NewNoteForm(initial=idempotency.fresh_key_initial(), partner=partner)
        return _page(request, grant, form)
    form = NewNoteForm(request.POST, partner=partner)
    if not form.is_valid():
        if form.has_error(idempotency.KEY_FIELD):
            idempotency.renew_key(form)
        return _page(request, grant, form, status=400)
    try:
        notes.add(
            request.user,
            grant.client,
            body=form.cleaned_data["body"],
            session_date=form.cleaned_data["session_date"],
            partner=partner if form.cleaned_data.get("with_partner") else None,
            submission_key=form.cleaned_data["submission_key"],
        )
    except idempotency.KeyReused as reused:
        idempotency.refuse(form, reused)
        return _page(request, grant, form, status=idempotency.REFUSED_STATUS)
    messages.success(request, "Note saved. Only you can read it.")
    return redirect("practice:notes", key=grant.key)


@therapist_required
@require_http_methods(["GET", "POST"])
def edit(request, key, note):
    grant = get_grant_for_therapist(request.user, key)
    found = notes.get_note(request.user, grant.client, note)
    conflict = None
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                notes.save_edit(
                    found,
                    body=form.cleaned_data["body"],
                    session_date=form.cleaned_data["session_date"],
                    version=form.cleaned_data["version"],
                )
            except notes.Conflict as stale:
                conflict = stale.current
                # Saving this form again keeps the words in it, over the newer ones.
                data = form.data.copy()
                data["version"] = conflict.version
                form = NoteForm(data)
                form.is_valid()
            else:
                messages.success(request, "Note saved.")
                return redirect("practice:notes", key=grant.key)
    else:
        form = NoteForm(
            initial={
                "body": found.body,
                "session_date": found.session_date,
                "version": found.version,
            }
        )
    context = {"grant": grant, "client": grant.client, "note": found, "form": form}
    context["conflict"] = conflict
    status = 409 if conflict else (400 if form.errors else 200)
    return render(request, "practice/note_edit.html", context, status=status)


@therapist_required
@require_POST
def delete(request, key, note):
    grant = get_grant_for_therapist(request.user, key)
    notes.delete(notes.get_note(request.user, grant.client, note))
    messages.success(request, "Note deleted.")
    return redirect("practice:notes", key=grant.key)
