from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast import audit
from steadfast.core.access import login_required, public

from . import actions, emails
from .forms import (
    DeleteAccountForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SignupFinishForm,
    SignupStartForm,
)
from .models import User

BACKEND = "django.contrib.auth.backends.ModelBackend"

# Django's form views also answer PUT (as a POST); Steadfast's forms take GET and POST only.
get_or_post = require_http_methods(["GET", "POST"])


def _posted(request):
    """Form data for a POST, even an empty one, so that it is validated and refused with
    messages rather than shown again as if nothing had been sent; None for a GET."""
    return request.POST if request.method == "POST" else None


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@public
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = SignupStartForm(_posted(request))
    if form.is_valid():
        email = form.cleaned_data["email"]
        account = User.objects.filter(email=email).first()
        emails.send_signup_email(request, email, next_url, account)
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@public
@require_GET
def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@public
@require_http_methods(["GET", "POST"])
def signup_finish(request, token):
    if request.user.is_authenticated:
        # On a shared device, never switch someone silently into a new account.
        return redirect("core:home")
    payload = emails.read_signup_token(token)
    if payload is None:
        return render(request, "accounts/signup_finish.html", {"invalid": True})
    email = payload["email"]
    if User.objects.filter(email=email).exists():
        return render(request, "accounts/signup_finish.html", {"already": True})
    form = SignupFinishForm(_posted(request), email=email)
    if request.method == "POST" and form.is_valid():
        user = actions.create_person(
            email=email,
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
        )
        if user is None:  # the same link was used twice at once
            return render(request, "accounts/signup_finish.html", {"already": True})
        login(request, user, backend=BACKEND)
        messages.success(request, "Welcome to Steadfast. Your account is ready.")
        # Onboarding starts with the private check-in, unless an invitation is waiting.
        return redirect(_safe_next(request, payload.get("next")) or "safety:checkin")
    return render(request, "accounts/signup_finish.html", {"form": form, "email": email})


class LoginView(auth_views.LoginView):
    """Django's log-in; an account with two-step sign-in is asked for its code next."""

    def form_valid(self, form):
        from steadfast.practice import twofactor

        user = form.get_user()
        if twofactor.has_second_step(user):
            return twofactor.start_pending_login(self.request, user, self.get_success_url())
        return super().form_valid(form)


login_view = public(
    get_or_post(
        LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        )
    )
)


@login_required
@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("core:landing")


password_reset = public(
    get_or_post(
        auth_views.PasswordResetView.as_view(
            template_name="accounts/reset.html",
            form_class=PasswordResetForm,
            email_template_name="accounts/email/reset.txt",
            subject_template_name="accounts/email/reset_subject.txt",
            success_url=reverse_lazy("accounts:reset_sent"),
        )
    )
)
password_reset_sent = public(
    require_GET(auth_views.PasswordResetDoneView.as_view(template_name="accounts/reset_sent.html"))
)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(form.user, "password_reset", self.request)
        return response


password_reset_confirm = public(
    get_or_post(
        PasswordResetConfirm.as_view(
            template_name="accounts/reset_confirm.html",
            success_url=reverse_lazy("accounts:reset_done"),
        )
    )
)
password_reset_done = public(
    require_GET(
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/reset_done.html")
    )
)


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    form = ProfileForm(_posted(request), instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:account")
    return render(request, "accounts/account.html", {"form": form})


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, "password_changed", self.request)
        emails.send_change_notice(self.request, self.request.user, "password")
        messages.success(self.request, "Your password is changed. Other devices are logged out.")
        return response


password_change = login_required(get_or_post(PasswordChange.as_view()))


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    form = EmailChangeForm(_posted(request), user=request.user, request=request)
    if form.is_valid():
        emails.send_email_change_link(request, request.user, form.cleaned_data["new_email"])
        messages.info(
            request,
            "We sent a link to the new address. Your email address changes when you follow it "
            "within an hour.",
        )
        return redirect("accounts:account")
    return render(request, "accounts/email_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    new_email = emails.read_email_change_token(token, request.user)
    if new_email is None:
        return render(request, "accounts/email_confirm.html", {"invalid": True})
    if request.method == "POST":
        old_email = request.user.email
        if not actions.change_email(request.user, new_email):
            return render(request, "accounts/email_confirm.html", {"taken": True})
        audit.record(request.user, "email_changed", request)
        request.user.email = old_email  # the notice goes to the address being replaced
        emails.send_change_notice(request, request.user, "email address")
        request.user.email = new_email
        messages.success(request, "Your email address is changed.")
        return redirect("accounts:account")
    return render(request, "accounts/email_confirm.html", {"new_email": new_email})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(_posted(request), user=request.user, request=request)
    if form.is_valid():
        user = request.user
        logout(request)
        actions.delete_account(user)
        messages.info(request, "Your account and everything in it are deleted.")
        return redirect("core:landing")
    # The page says how long a backup from before the deletion still exists.
    context = {"form": form, "backup_days": settings.BACKUP_RETENTION_DAYS}
    return render(request, "accounts/delete.html", context)
