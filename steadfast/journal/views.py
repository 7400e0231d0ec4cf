"""The journal: a person's own entries (write, search, read, edit, share, delete) and
what their partner shares with them."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import partner_of, person_required

from . import actions, pages
from .access import get_entry_for, get_own_entry_for, own_entries, shared_with
from .forms import EditEntryForm, EntryForm, SearchForm
from .models import Entry, ThoughtRecord
from .prompts import BY_KEY, prompts_by_root
from .search import search_own

PER_PAGE = 50

ENTRY = pages.Kind(
    noun="entry",
    fields=(("title", "Title"), ("body", "The entry"), ("root", "Root")),
    edit_form=EditEntryForm,
    new_form=EntryForm,
    get_own=get_own_entry_for,
    detail="journal:detail",
    edit="journal:edit",
    new="journal:new",
    listing="journal:index",
    detail_template="journal/detail.html",
)


@person_required
@require_GET
def index(request):
    """The person's own entries, newest first; searched and filtered when asked."""
    search = SearchForm(request.GET)
    query, root = search.query()
    searching = bool(query or root)
    # Only a search has to open every entry (see search.py); a plain list opens one page.
    found = search_own(request.user, query, root) if searching else own_entries(request.user)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "search": search,
        "searching": searching,
        "page": page,
        "query_string": params.urlencode() if searching else "",
        "linked": partner_of(request.user) is not None,
    }
    return render(request, "journal/index.html", context)


@person_required
@require_http_methods(["GET", "POST"])
def new(request):
    prompt = None
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST)
        prompt = BY_KEY.get(request.POST.get("prompt", ""))
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = actions.write_entry(
                    request.user,
                    title=data["title"],
                    body=data["body"],
                    root=data["root"],
                    prompt=data["prompt"],
                    submission_key=data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
            else:
                messages.success(request, f"Saved. {pages.WHO_SEES[entry.audience]}")
                return redirect("journal:detail", key=entry.key)
        form.renew_broken_key()
    else:
        prompt = BY_KEY.get(request.GET.get("prompt", ""))
        initial = {"submission_key": uuid.uuid4()}
        if prompt is not None:
            initial |= {"prompt": prompt.key, "root": prompt.root}
        form = EntryForm(initial=initial)
    context = {"form": form, "prompt": prompt, "prompts": prompts_by_root()}
    return render(request, "journal/new.html", context, status=status)


def _detail_page(request, entry, *, share_errors=None):
    is_owner = entry.owner_id == request.user.pk
    context = {"entry": entry, "is_owner": is_owner}
    if is_owner:
        context |= pages.share_context(entry, share_errors)
    return render(request, "journal/detail.html", context)


@person_required
@require_GET
def detail(request, key):
    return _detail_page(request, get_entry_for(request.user, key))


@person_required
@require_http_methods(["GET", "POST"])
def edit(request, key):
    return pages.edit_page(request, ENTRY, key)


@person_required
@require_POST
def share(request, key):
    return pages.share_page(request, ENTRY, key, _detail_page)


@person_required
@require_http_methods(["GET", "POST"])
def delete(request, key):
    return pages.delete_page(request, ENTRY, key)


@person_required
@require_GET
def shared(request):
    """What the current partner shares with this person: entries and thought records.
    Nothing while not linked; a partner's private or therapist-only writing never."""
    partner = partner_of(request.user)
    context = {
        "partner": partner,
        "entries": list(shared_with(request.user, Entry)),
        "thoughts": list(shared_with(request.user, ThoughtRecord)),
    }
    return render(request, "journal/shared.html", context)
