import uuid

from django import forms

from steadfast.core.models import Audience

from .access import today
from .models import NOTE_MAX_LENGTH, SCALE_MAX, SCALE_MIN

SCALE_CHOICES = [(str(v), str(v)) for v in range(SCALE_MIN, SCALE_MAX + 1)]
SCALE_QUESTIONS = [
    ("trust", "How much did you trust your partner today?", "not at all", "completely"),
    ("closeness", "How close did you feel today?", "distant", "very close"),
    ("mood", "How was your mood today?", "very low", "very good"),
]
FORM_KEY_LOST = (
    "Something went wrong with this page, so your answers are not saved yet. Check them "
    "below and save again."
)
OUT_OF_RANGE = "Choose a number from 0 to 10."
FUTURE_DAY = "That day hasn't come yet. Choose today or an earlier day."
NOTE_TOO_LONG = f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer."
AUDIENCE_REFUSED = "Choose one of the options shown."


def audience_field(label="Who can see this?", help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=Audience.choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "invalid_choice": AUDIENCE_REFUSED,
            "required": "Choose who can see this.",
        },
    )


class DailyCheckInForm(forms.Form):
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Choose the day this is about.",
            "invalid": "Enter a date such as 2026-11-27.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = today().isoformat()
        for name, label, low, high in SCALE_QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"0 = {low}, 10 = {high}",
                error_messages={"required": OUT_OF_RANGE, "invalid_choice": OUT_OF_RANGE},
            )
        self.fields["note"] = forms.CharField(
            label="Anything to add? (optional)",
            required=False,
            max_length=NOTE_MAX_LENGTH,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Encrypted. Only seen by whoever can see this entry.",
            error_messages={"max_length": NOTE_TOO_LONG},
        )
        self.fields["audience"] = audience_field(
            help_text="You can change this for any entry later."
        )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > today():
            raise forms.ValidationError(FUTURE_DAY)
        return day

    def scale_fields(self):
        return [self[name] for name, *_ in SCALE_QUESTIONS]

    def answers_need_attention(self):
        return any(name != "submission_key" for name in self.errors)

    def renew_broken_key(self):
        """A posted form whose one-time key is missing or mangled gets a fresh one."""
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())


class ShareForm(forms.Form):
    """Who may see one entry."""

    audience = audience_field()


class SharingForm(forms.Form):
    """The standing choice new entries start with."""

    default_audience = audience_field(
        label="Who can see new daily check-ins?",
        help_text="Applies to entries you save from now on. Entries you already have keep "
        "their own setting.",
    )
