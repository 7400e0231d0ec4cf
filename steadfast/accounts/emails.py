"""Account emails.

Subjects and bodies are deliberately plain: they name no feature, partner or
feeling, because someone else may read the inbox (IPV-8, IPV-9). Every email goes
only to the address it concerns.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from steadfast.core.presentation import from_address_for

SIGNUP_SALT = "steadfast.accounts.signup"
EMAIL_CHANGE_SALT = "steadfast.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 3600


def _send(request, to, subject, template, context, account=None):
    """Send to one address. `account` is the account it concerns, if any (discreet mode)."""
    context = {"base_url": request.build_absolute_uri("/").rstrip("/"), **context}
    body = render_to_string(template, context)
    send_mail(subject, body, from_address_for(account), [to])


def send_signup_email(request, email, next_url, account):
    """One email whether or not the address has an account, so the page can't tell."""
    if account is not None:
        _send(
            request,
            email,
            "Your account",
            "accounts/email/signup_existing.txt",
            {"login_path": reverse("accounts:login"), "reset_path": reverse("accounts:reset")},
            account,
        )
        return
    token = signing.dumps({"email": email, "next": next_url}, salt=SIGNUP_SALT)
    _send(
        request,
        email,
        "Finish creating your account",
        "accounts/email/signup_link.txt",
        {"finish_path": reverse("accounts:signup_finish", args=[token])},
    )


def read_signup_token(token):
    """The payload of a signup link, or None when it is forged or too old."""
    try:
        return signing.loads(token, salt=SIGNUP_SALT, max_age=settings.SIGNUP_LINK_MAX_AGE)
    except signing.BadSignature:
        return None


def send_email_change_link(request, user, new_email):
    token = signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT
    )
    _send(
        request,
        new_email,
        "Confirm your new email address",
        "accounts/email/email_change.txt",
        {"confirm_path": reverse("accounts:email_confirm", args=[token])},
        user,
    )


def read_email_change_token(token, user):
    """The new address if the link is genuine, recent, for `user` and not yet used."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("user") != user.pk or data.get("old") != user.email:
        return None
    return data.get("new")


def send_change_notice(request, user, what):
    """Tell the account holder, at their own address, that a setting changed."""
    _send(
        request,
        user.email,
        "Your account settings changed",
        "accounts/email/change_notice.txt",
        {"what": what, "reset_path": reverse("accounts:reset")},
        user,
    )
