"""Two-step sign-in pages, under /account/two-step/ (see twofactor.py)."""

import django_otp
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast import audit
from steadfast.accounts import emails
from steadfast.core.access import login_required, public

from . import twofactor
from .forms import CodeForm, ConfirmDeviceForm, PasswordCheckForm


def _posted(request):
    return request.POST if request.method == "POST" else None


def _next(request):
    return twofactor._safe_next(request, request.POST.get("next") or request.GET.get("next"))


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if twofactor.has_second_step(user):
        if not twofactor.is_verified(user):
            return twofactor.redirect_to_second_step(request)
        return redirect("twofactor:settings")
    device = twofactor.unconfirmed_device(request)
    form = ConfirmDeviceForm(_posted(request))
    if form.is_valid():
        codes = twofactor.confirm_device(request, device, form.cleaned_data["code"])
        if codes is not None:
            audit.record(user, "two_step_on", request)
            emails.send_change_notice(request, user, "two-step sign-in")
            context = {"codes": codes, "next": _next(request), "new": True}
            return render(request, "practice/backup_codes.html", context)
        form.add_error(
            "code", "That code did not match. Check the app's clock and enter the newest code."
        )
    uri = twofactor.otpauth_uri(user, device)
    context = {
        "form": form,
        "secret": twofactor.secret_of(device),
        "qr": twofactor.qr_data_uri(uri),
        "next": _next(request),
    }
    return render(request, "practice/setup.html", context)


@public
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step: after the password at log-in, or later for a session without it."""
    pending_user, state = twofactor.pending_login(request)
    if request.user.is_authenticated:
        user = request.user
        if twofactor.is_verified(user) or not twofactor.has_second_step(user):
            return redirect(_next(request) or "core:home")
    elif pending_user is None:
        messages.info(request, "Please log in again.")
        return redirect("accounts:login")
    else:
        user = pending_user
    form = CodeForm(_posted(request))
    if request.method == "POST":
        if not twofactor.allowed(request, user):
            return render(request, "accounts/locked_out.html", status=429)
        if form.is_valid():
            device = twofactor.verify_code(user, form.cleaned_data["code"])
            if device is not None:
                if request.user.is_authenticated:
                    django_otp.login(request, device)
                    return redirect(_next(request) or "core:home")
                return redirect(twofactor.finish_pending_login(request, user, state, device))
            twofactor.count_failure(request, user)
            form.add_error("code", "That code did not work. Codes can be used only once.")
    return render(request, "practice/verify.html", {"form": form, "next": _next(request)})


def _manage_guard(request):
    """Changing the second step needs a session that passed it (ASVS 6.4.3)."""
    if twofactor.has_second_step(request.user) and not twofactor.is_verified(request.user):
        return twofactor.redirect_to_second_step(request)
    return None


def _settings_page(request, form=None, off_form=None):
    user = request.user
    context = {
        "on": twofactor.has_second_step(user),
        "codes_left": twofactor.backup_codes_left(user),
        "form": form or PasswordCheckForm(user=user, request=request),
        "off_form": off_form or PasswordCheckForm(user=user, request=request, prefix="off"),
    }
    return render(request, "practice/twofactor.html", context)


@login_required
@require_GET
def settings_page(request):
    return _manage_guard(request) or _settings_page(request)


@login_required
@require_POST
def backup_codes(request):
    refused = _manage_guard(request)
    if refused:
        return refused
    user = request.user
    if not twofactor.has_second_step(user):
        return redirect("twofactor:settings")
    form = PasswordCheckForm(request.POST, user=user, request=request)
    if not form.is_valid():
        return _settings_page(request, form=form)
    codes = twofactor.replace_backup_codes(request)
    audit.record(user, "backup_codes", request)
    emails.send_change_notice(request, user, "backup codes")
    return render(request, "practice/backup_codes.html", {"codes": codes})


@login_required
@require_POST
def turn_off(request):
    refused = _manage_guard(request)
    if refused:
        return refused
    user = request.user
    if user.is_therapist or not twofactor.has_second_step(user):
        # Therapists keep it: it guards their clients' data. Nothing to turn off otherwise.
        return redirect("twofactor:settings")
    form = PasswordCheckForm(request.POST, user=user, request=request, prefix="off")
    if not form.is_valid():
        return _settings_page(request, off_form=form)
    twofactor.turn_off(request)
    audit.record(user, "two_step_off", request)
    emails.send_change_notice(request, user, "two-step sign-in")
    messages.success(
        request,
        "Two-step sign-in is off. Your password alone logs you in. Other devices are logged out.",
    )
    return redirect("twofactor:settings")
