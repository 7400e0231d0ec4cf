"""What operators see of therapist access: who granted whom which categories, and when.

Never anything a client wrote, never an authenticator secret or a backup code:
django-otp's own admin pages (which show the secret and its QR code) are removed.
The access log is read-only here; nobody may edit or delete it from the admin.
"""

from contextlib import suppress

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions
from .categories import CATEGORY_FIELDS
from .models import AccessRead, Grant, TherapistLink, TherapistProfile

for model in (TOTPDevice, StaticDevice):
    with suppress(NotRegistered):
        admin.site.unregister(model)


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["client", "therapist", "created_at", "accepted_at", *CATEGORY_FIELDS]
    list_filter = ["accepted_at"]
    fields = ["client", "therapist_email", "therapist", "created_at", "accepted_at"]
    fields += list(CATEGORY_FIELDS)
    readonly_fields = fields
    list_select_related = ["client", "therapist"]

    def has_add_permission(self, request):
        return False  # only the client grants

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessRead)
class AccessReadAdmin(admin.ModelAdmin):
    list_display = ["at", "client", "therapist_name", "category", "model_label"]
    list_filter = ["category"]
    fields = ["at", "client", "therapist", "therapist_name", "category", "model_label"]
    readonly_fields = fields
    list_select_related = ["client"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TherapistLink)
class TherapistLinkAdmin(admin.ModelAdmin):
    """Invite a therapist: "Add" asks for an email and a name and shows the link once."""

    list_display = ["therapist", "created_at", "expires_at", "used_at"]
    list_select_related = ["therapist"]
    readonly_fields = ["therapist", "created_at", "expires_at", "used_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        from django import forms

        class InviteForm(forms.ModelForm):
            email = forms.EmailField(label="The therapist's email address")
            name = forms.CharField(label="Their name, as clients will see it", max_length=60)

            class Meta:
                model = TherapistLink
                fields = []

            def clean(self):
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                try:
                    with transaction.atomic():
                        self.link, self.link_path = actions.invite_therapist(
                            cleaned["email"], cleaned["name"]
                        )
                except actions.Refused as refusal:
                    raise ValidationError(str(refusal)) from None
                return cleaned

        if obj is None:
            return InviteForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["email", "name"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # The link was made while the form was checked; show it this once.
        obj.pk = form.link.pk
        url = request.build_absolute_uri(form.link_path)
        if form.link.emailed:
            sent = f"It was emailed to {form.link.therapist.email}."
        else:
            sent = f"The email to {form.link.therapist.email} could not be sent (see the log)."
        self.message_user(
            request,
            format_html(
                "{} If mail does not reach them, give the therapist this link by a safe "
                "channel. It works once, until {}; it is not shown again: <code>{}</code>",
                sent,
                form.link.expires_at,
                url,
            ),
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        pass


@admin.register(TherapistProfile)
class TherapistProfileAdmin(admin.ModelAdmin):
    """Therapists' public listings. The words are the therapist's; an operator may only take
    a listing off the help page (untick "listed"), never write in someone's name."""

    list_display = ["name", "therapist", "listed", "updated_at"]
    list_filter = ["listed"]
    list_select_related = ["therapist"]
    fields = ["therapist", "listed", "name", "about", "contact_email", "phone", "website"]
    fields += ["languages", "region", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.listed:
            return [field for field in self.fields if field != "listed"]
        return self.fields  # listing someone is the therapist's own choice

    def has_add_permission(self, request):
        return False  # only the therapist writes a listing
