"""A client's side of therapist access: who may see what, and the log of what they saw.

Under /account/access/: a neutral address that names no therapy.
"""

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast import audit
from steadfast.core.access import person_required

from . import actions
from .access import get_own_grant
from .categories import Category
from .forms import CategoriesForm, GrantForm
from .models import AccessRead, Grant

INVITED = (
    "Saved. If {email} belongs to a therapist on this site, they will see your invitation "
    "when they log in. Nothing is shared until they accept, and only what you chose."
)
LOG_PAGE_SIZE = 50


def _index_page(request, form, status=200):
    grants = Grant.objects.filter(client=request.user).select_related("therapist")
    rows = [(grant, CategoriesForm(grant=grant)) for grant in grants.order_by("created_at")]
    return render(request, "practice/access.html", {"form": form, "rows": rows}, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def index(request):
    form = GrantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["therapist_email"]
        actions.invite(request.user, email, form.chosen())
        audit.record(request.user, "grant_invited", request)
        messages.success(request, INVITED.format(email=email))
        return redirect("access:index")
    return _index_page(request, form)


@person_required
@require_POST
def change(request, key):
    grant = get_own_grant(request.user, key)
    form = CategoriesForm(request.POST, grant=grant)
    if form.is_valid():
        actions.change_categories(grant, form.chosen())
        audit.record(request.user, "grant_changed", request)
        messages.success(request, "Saved. The change applies at once.")
    return redirect("access:index")


@person_required
@require_POST
def revoke(request, key):
    actions.revoke(get_own_grant(request.user, key))
    audit.record(request.user, "grant_revoked", request)
    messages.success(request, "Done. Nothing more of yours can be seen there, from now on.")
    return redirect("access:index")


def _what(read):
    try:
        return apps.get_model(read.model_label)._meta.verbose_name
    except (LookupError, ValueError):
        return read.model_label


@person_required
@require_GET
def log(request):
    reads = AccessRead.objects.filter(client=request.user).order_by("-at", "-pk")
    page = Paginator(reads, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Category.choices)
    rows = [(read, labels.get(read.category, read.category), _what(read)) for read in page]
    context = {"page": page, "rows": rows, "repeat_minutes": actions.REPEAT_READ_MINUTES}
    return render(request, "practice/access_log.html", context)
