"""The operator's admin, behind the same second step as the rest of the site.

Django's admin has its own password-only log-in. For a staff account that has set up
two-step sign-in, a password alone must not open the admin: `has_permission` also asks
for a session that passed the second step, and the admin's log-in page sends such a
session on to the code page (then back). Staff without an authenticator log in as before.
"""

from functools import cache
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.validators import MaxLengthValidator
from django.shortcuts import redirect
from django.urls import reverse


def _waiting_for_second_step(user):
    from . import twofactor  # not at import: this module loads with the app registry

    return (
        user.is_authenticated
        and user.is_staff
        and twofactor.has_second_step(user)
        and not twofactor.is_verified(user)
    )


@cache
def operator_login_form():
    """Django's admin log-in form, with its username's length limit enforced.

    Django sets the limit (254) on the field after it is made, which sizes the input box
    but adds no validator: a longer username reached authenticate(), and django-axes then
    failed to record the failure in its 255-character column (a 500 on PostgreSQL).
    Made on first use: this module loads with the app registry, before the forms can.
    """
    from django.contrib.admin.forms import AdminAuthenticationForm

    class OperatorLoginForm(AdminAuthenticationForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            username = self.fields["username"]
            username.validators.append(MaxLengthValidator(username.max_length))

    return OperatorLoginForm


class OperatorSite(AdminSite):
    site_header = "Steadfast operator"
    site_title = "Steadfast operator"

    @property
    def login_form(self):
        return operator_login_form()

    def has_permission(self, request):
        return super().has_permission(request) and not _waiting_for_second_step(request.user)

    def login(self, request, extra_context=None):
        if _waiting_for_second_step(request.user):
            target = reverse("twofactor:verify")
            return redirect(f"{target}?{urlencode({'next': reverse('admin:index')})}")
        return super().login(request, extra_context)


class OperatorAdminConfig(AdminConfig):
    default_site = "steadfast.practice.admin_site.OperatorSite"
