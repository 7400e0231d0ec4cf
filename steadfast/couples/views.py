from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core.access import forget_partner, partner_of, person_required

from . import actions
from .forms import JoinForm, UnlinkForm
from .models import Invitation, Membership

NEW_CODE_KEY = "couples_new_code"


@person_required
@require_GET
def couple(request):
    partner = partner_of(request.user)
    context = {"partner": partner, "join_form": JoinForm()}
    if partner is not None:
        context["membership"] = Membership.objects.select_related("couple").get(person=request.user)
    else:
        context["invitation"] = (
            Invitation.objects.filter(inviter=request.user)
            .pending()
            .order_by("-created_at")
            .first()
        )
        code = request.session.pop(NEW_CODE_KEY, None)
        if code and context["invitation"] is not None:
            context["new_code"] = code
            context["new_link"] = request.build_absolute_uri(
                reverse("couples:join_code", args=[code])
            )
    return render(request, "couples/couple.html", context)


@person_required
@require_POST
def invite(request):
    try:
        _, code = actions.create_invitation(request.user)
    except actions.CouplingError as refusal:
        messages.error(request, str(refusal))
        return redirect("couples:couple")
    # Shown once, on the next page: only a digest of the code is kept.
    request.session[NEW_CODE_KEY] = code
    return redirect("couples:couple")


@person_required
@require_POST
def withdraw(request):
    if actions.withdraw_invitations(request.user):
        messages.info(request, "Your invitation is withdrawn. Its code no longer works.")
    return redirect("couples:couple")


@person_required
@require_http_methods(["GET", "POST"])
def join(request, code=""):
    """The same page whatever state the code is in: nothing here tells a code apart."""
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                actions.accept_invitation(request.user, form.cleaned_data["code"])
            except actions.CouplingError as refusal:
                form.add_error("code", str(refusal))
            else:
                forget_partner(request.user)
                partner = partner_of(request.user)
                messages.success(request, f"You and {partner} are now linked.")
                return redirect("couples:couple")
    else:
        form = JoinForm(initial={"code": code})
    return render(request, "couples/join.html", {"form": form})


@person_required
@require_http_methods(["GET", "POST"])
def unlink(request):
    partner = partner_of(request.user)
    if partner is None:
        return redirect("couples:couple")
    # Not `request.POST or None`: an empty POST (box left unticked) must be bound, so it
    # answers with the "please tick the box" error instead of silently showing the form again.
    form = UnlinkForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.unlink(request.user)
        forget_partner(request.user)
        messages.success(request, "You are unlinked. Nobody was told.")
        return redirect("couples:couple")
    return render(request, "couples/unlink.html", {"form": form, "partner": partner})
