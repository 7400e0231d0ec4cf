"""What the entry views and the thought-record views have in common: editing with a
version check, the page shown when two edits meet, sharing, and deleting."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from steadfast.core.models import WHO_SEES, Audience
from steadfast.core.roots import Root

from . import actions
from .forms import ShareForm


@dataclass(frozen=True)
class Kind:
    """One kind of writing and the names its pages go by."""

    noun: str  # "entry"
    fields: tuple  # the fields an edit changes, as (name, label)
    edit_form: type
    new_form: type
    get_own: object  # (user, key) -> the person's own row, or 404
    detail: str  # URL names
    edit: str
    new: str
    listing: str
    detail_template: str

    def values(self, form):
        return {name: form.cleaned_data[name] for name, _ in self.fields}


def shown(name, value):
    """A stored value as a person reads it."""
    if name == "root":
        return Root(value).label if value in Root.values else "None in particular"
    if value is None or value == "":
        return "(empty)"
    return value


def edit_page(request, kind, key):
    """GET: the edit form, holding the version it starts from. POST: save it, unless the
    row moved on meanwhile (then both versions are shown, nothing saved), or it is gone
    (then the words come back, to keep as a new one)."""
    if request.method == "POST":
        return _save_edit(request, kind, key)
    record = kind.get_own(request.user, key)
    initial = {name: getattr(record, name) for name, _ in kind.fields}
    if "root" in initial:
        initial["root"] = initial["root"] or ""
    initial |= {"version": record.version, "submission_key": uuid.uuid4()}
    form = kind.edit_form(initial=initial)
    return _edit_template(request, kind, record, form)


def _edit_template(request, kind, record, form, status=200):
    context = {"form": form, "record": record, "kind": kind}
    return render(request, "journal/edit.html", context, status=status)


def _save_edit(request, kind, key):
    try:
        record = kind.get_own(request.user, key)
    except Http404:  # someone else's, or deleted on another device
        return _gone(request, kind)
    form = kind.edit_form(request.POST)
    if not form.is_valid():
        form.renew_broken_key()
        return _edit_template(request, kind, record, form)
    try:
        saved = actions.save_edit(
            record,
            values=kind.values(form),
            version=form.cleaned_data["version"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except actions.Conflict as conflict:
        return _conflict(request, kind, conflict.current, form)
    messages.success(request, f"Saved. {WHO_SEES[saved.audience]}")
    return redirect(kind.detail, key=saved.key)


def _conflict(request, kind, current, form):
    """Both versions side by side, and the person's own words in the form, set to save
    over the version saved now only if they choose to."""
    mine = kind.values(form)
    rows = [
        (label, shown(name, getattr(current, name)), shown(name, mine[name]))
        for name, label in kind.fields
        if not actions.same(getattr(current, name), mine[name])
    ]
    form = kind.edit_form(form.data).with_fresh_key()
    form.data["version"] = str(current.version)
    context = {"kind": kind, "record": current, "rows": rows, "form": form}
    return render(request, "journal/conflict.html", context, status=409)


def _gone(request, kind):
    """An edit of a row this person cannot open: someone else's, or their own deleted on
    another device. Still a 404, the same either way, so it reveals nothing; but what they
    wrote comes back to them, ready to save as a new one, so it is not lost."""
    words = {name: request.POST.get(name, "") for name, _ in kind.fields}
    form = kind.new_form(initial=words | {"submission_key": uuid.uuid4()})
    context = {"kind": kind, "form": form, "has_words": any(words.values())}
    return render(request, "journal/gone.html", context, status=404)


def share_page(request, kind, key, detail_view):
    record = kind.get_own(request.user, key)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return detail_view(request, record, share_errors=form.errors["audience"])
    actions.share(record, form.cleaned_data["audience"])
    messages.success(request, f"This {kind.noun}: {WHO_SEES[record.audience]}")
    return redirect(kind.detail, key=record.key)


def delete_page(request, kind, key):
    record = kind.get_own(request.user, key)
    if request.method == "POST":
        actions.delete(record)
        messages.success(request, f"The {kind.noun} is deleted.")
        return redirect(kind.listing)
    context = {"kind": kind, "record": record, "back": reverse(kind.detail, args=[record.key])}
    return render(request, "journal/delete.html", context)


def share_context(record, share_errors=None):
    return {
        "who_sees": WHO_SEES[record.audience],
        "audiences": Audience.choices,
        "share_errors": share_errors,
    }
