from django import forms
from django.contrib.auth import password_validation

from steadfast.accounts.forms import (
    CurrentPasswordMixin,
    EmailField,
    PasswordPairMixin,
    password_field,
)

from .categories import CATEGORY_FIELDS, Category

CATEGORY_HELP = {
    Category.JOURNAL: "Only the entries you mark, one by one, for your therapist.",
    Category.SAFETY: "Off unless you turn it on. Never shown to your partner.",
}


class CategoriesMixin:
    """One checkbox per category; the safety box is separate and starts unticked."""

    def add_category_fields(self, grant=None):
        for category in Category:
            self.fields[category.value] = forms.BooleanField(
                label=category.label,
                required=False,
                initial=bool(grant and getattr(grant, category.value)),
                help_text=CATEGORY_HELP.get(category, ""),
            )

    def chosen(self):
        return {field for field in CATEGORY_FIELDS if self.cleaned_data.get(field)}


class GrantForm(CategoriesMixin, forms.Form):
    therapist_email = EmailField(
        label="Your therapist's email address",
        help_text="The address they use for their therapist account here.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_category_fields()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.chosen():
            raise forms.ValidationError("Choose at least one kind of information to share.")
        return cleaned


class CategoriesForm(CategoriesMixin, forms.Form):
    def __init__(self, *args, grant, **kwargs):
        # Several of these forms share one page: their ids must not clash.
        kwargs.setdefault("auto_id", f"grant-{grant.key}-%s")
        super().__init__(*args, **kwargs)
        self.add_category_fields(grant)


class WelcomeForm(PasswordPairMixin, forms.Form):
    password1 = password_field("Choose a password")
    password2 = password_field("The same password again")

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        self.clean_pair(self.user)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": "Enter a code."},
    )


class ConfirmDeviceForm(forms.Form):
    code = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the code your app shows."},
    )


class PasswordCheckForm(CurrentPasswordMixin, forms.Form):
    current_password = password_field("Your current password", autocomplete="current-password")
