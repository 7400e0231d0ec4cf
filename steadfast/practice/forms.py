import re

from django import forms
from django.contrib.auth import password_validation

from steadfast.accounts.forms import (
    CurrentPasswordMixin,
    EmailField,
    PasswordPairMixin,
    password_field,
)

from .categories import CATEGORY_FIELDS, Category
from .models import TherapistProfile

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
        help_text=(
            "The address they use for their therapist account here. A new invitation "
            "sends that address a short email saying someone here invited them; it does "
            "not give your name."
        ),
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


PHONE = re.compile(r"^\+?[0-9 ()./-]{6,40}$")


class ProfileForm(forms.ModelForm):
    """A therapist's listing on the help page. Anything may be saved unlisted (a draft);
    a listing needs a name, a few words about the practice and one way to get in touch."""

    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Starts with https://.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = TherapistProfile
        fields = [
            "listed",
            "name",
            "about",
            "contact_email",
            "phone",
            "website",
            "languages",
            "region",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 5}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "listed": "Off unless you tick it. Anyone can read the help page, logged in or not.",
            "name": "As you want people to see it, for example with your title.",
            "about": "A few sentences in your own words: who you work with and how. "
            "600 characters at most.",
            "contact_email": "The address for enquiries. Your log-in address is never shown.",
            "languages": "For example: English, Polish.",
            "region": "A town or region, or online.",
        }

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and not website.lower().startswith("https://"):
            raise forms.ValidationError("The website address must start with https://.")
        return website

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Enter a phone number with digits, spaces and an optional + in front."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("listed"):
            return cleaned
        if not cleaned.get("name"):
            self.add_error("name", "A listing needs your name.")
        if not cleaned.get("about"):
            self.add_error("about", "A listing needs a few words about your practice.")
        if not any(cleaned.get(field) for field in ("contact_email", "phone", "website")):
            raise forms.ValidationError(
                "A listing needs one way to get in touch: an email address, a phone number "
                "or a website."
            )
        return cleaned
