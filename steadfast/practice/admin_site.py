"""The operator's admin, behind the same second step as the rest of the site.

Django's admin has its own password-only log-in. For a staff account that has set up
two-step sign-in, a password alone must not open the admin: `has_permission` also asks
for a session that passed the second step, and the admin's log-in page sends such a
session on to the code page (then back). Staff without an authenticator log in as before.
"""

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
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


class OperatorSite(AdminSite):
    site_header = "Steadfast operator"
    site_title = "Steadfast operator"

    def has_permission(self, request):
        return super().has_permission(request) and not _waiting_for_second_step(request.user)

    def login(self, request, extra_context=None):
        if _waiting_for_second_step(request.user):
            target = reverse("twofactor:verify")
            return redirect(f"{target}?{urlencode({'next': reverse('admin:index')})}")
        return super().login(request, extra_context)


class OperatorAdminConfig(AdminConfig):
    default_site = "steadfast.practice.admin_site.OperatorSite"
