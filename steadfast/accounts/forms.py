from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm

from steadfast.core.presentation import from_address_for
from steadfast.safety.resources import country_choices

from .models import User
from .timezones import time_zone_choices

NO_MATCH = (
    "That email address and password do not match an account. Check both and try again, "
    "or reset your password."
)


class EmailField(forms.EmailField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value).strip().lower()


class SignupStartForm(forms.Form):
    email = EmailField(label="Your email address")


class PasswordPairMixin:
    """Two password fields that must match and pass Django's validators."""

    def clean_pair(self, user):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords are not the same.")
            return
        if password1:
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


def password_field(label, autocomplete="new-password"):
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class SignupFinishForm(PasswordPairMixin, forms.Form):
    display_name = forms.CharField(
        label="What should we call you?",
        max_length=60,
        help_text="Your partner sees this name if you link with them. A first name is enough.",
    )
    password1 = password_field("Choose a password")
    password2 = password_field("The same password again")

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter a name.")
        return name

    def clean(self):
        cleaned = super().clean()
        self.clean_pair(User(email=self.email, display_name=cleaned.get("display_name", "")))
        return cleaned


class LoginForm(AuthenticationForm):
    username = EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = password_field("Password", autocomplete="current-password")

    error_messages = {"invalid_login": NO_MATCH, "inactive": NO_MATCH}


def is_current_password(request, user, password):
    """Check a re-entered password through authenticate(), not user.check_password().

    That way django-axes counts a wrong guess here like one at log-in, and its lock-out
    applies: someone holding an open session can't guess the password without limit.
    """
    return (
        bool(password)
        and authenticate(request, username=user.get_username(), password=password) == user
    )


class CurrentPasswordMixin:
    """Sensitive changes ask for the current password again."""

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not is_current_password(self.request, self.user, password):
            raise forms.ValidationError("That is not your current password.")
        return password


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form, with the old password checked the throttled way."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not is_current_password(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordResetForm(DjangoPasswordResetForm):
    email = EmailField(label="Email address")

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # A discreet person's reset email comes from the plain name too.
        from_email = from_address_for(context.get("user"))
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )


class ProfileForm(forms.ModelForm):
    country = forms.ChoiceField(
        label="Where you live",
        required=False,
        help_text="Used only to show you support services near you.",
        error_messages={"invalid_choice": "Choose a country from the list."},
    )

    time_zone = forms.ChoiceField(
        label="Your time zone",
        required=False,
        help_text="Your days, check-ins and reminders follow it.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
    )

    class Meta:
        model = User
        fields = ["display_name", "country", "time_zone", "discreet"]
        labels = {
            "display_name": "Your name in the app",
            "discreet": "Discreet mode: use a plain name and icon in the browser tab and in emails",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["time_zone"].choices = time_zone_choices()

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter a name.")
        return name


class EmailChangeForm(CurrentPasswordMixin, forms.Form):
    new_email = EmailField(label="New email address")
    current_password = password_field("Your current password", autocomplete="current-password")

    def clean_new_email(self):
        email = self.cleaned_data["new_email"]
        if email == self.user.email:
            raise forms.ValidationError("That is already your email address.")
        return email


class DeleteAccountForm(CurrentPasswordMixin, forms.Form):
    current_password = password_field("Your current password", autocomplete="current-password")
    confirm = forms.BooleanField(
        label="I understand that my account and everything I wrote here will be deleted for good.",
        error_messages={"required": "Please tick the box to confirm."},
    )
