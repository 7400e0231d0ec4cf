from django import forms

from steadfast.accounts.forms import CurrentPasswordMixin, password_field

EVERYTHING = "json"
MEASURES_FHIR = "fhir"


class DownloadForm(CurrentPasswordMixin, forms.Form):
    """The download asks for the password again: an open session on a shared device is
    not enough to take everything away (IPV-11, ASVS 7.5)."""

    what = forms.ChoiceField(
        label="What to download",
        choices=[
            (EVERYTHING, "Everything, as one JSON file"),
            (MEASURES_FHIR, "Your questionnaire results only, as FHIR R4 (for health records)"),
        ],
        initial=EVERYTHING,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to download.",
            "invalid_choice": "Choose one of the two downloads.",
        },
    )
    current_password = password_field("Your current password", autocomplete="current-password")
