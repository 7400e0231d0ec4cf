import uuid

from django import forms

from steadfast.checkins.forms import FORM_KEY_LOST, audience_field

from .access import today
from .models import (
    ACTIVITY_MAX_LENGTH,
    DETAIL_MAX_LENGTH,
    LOG_NOTE_MAX_LENGTH,
    REFLECTION_MAX_LENGTH,
    TIMES_MAX,
    TIMES_MIN,
    how_often_words,
)

TIMES_CHOICES = [(str(n), how_often_words(n).split(":")[0].capitalize()) for n in range(0, 8)] + [
    (str(n), f"{n} times a week") for n in (10, 14, 21)
]
CHOOSE_ONE = "Choose one of the options shown."
FUTURE_DAY = "That day hasn't come yet. Choose today or an earlier day."
STALE_FORM = (
    "Something went wrong with this page, so your changes are not saved yet. Check them "
    "below and save again."
)


def too_long(limit):
    # %(show_value)d: Django fills in how many characters were sent.
    return f"Please keep this to {limit} characters or fewer. This has %(show_value)d."


def _text(label, limit, *, required=True, rows=2, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=f"{help_text} Up to {limit} characters.".strip(),
        error_messages={
            "required": required_message or "Write something here.",
            "max_length": too_long(limit),
        },
    )


def _key_field():
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


def _version_field():
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )


class Checked(forms.Form):
    def needs_another_look(self):
        """Are any of the fields the person sees in error (not only a hidden one)?"""
        return any(name in self.fields and not self[name].is_hidden for name in self.errors)


class _OneTimeKey:
    def renew_broken_key(self):
        """A posted form whose one-time key is missing or mangled gets a fresh one."""
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())


class ActivityFields(Checked):
    text = _text(
        "What helps you, in your own words",
        ACTIVITY_MAX_LENGTH,
        help_text="For example: a walk at lunchtime, calling a friend, an early night. "
        "Encrypted; only whoever you share it with sees it.",
        required_message="Write the activity in a few words.",
    )
    times_per_week = forms.TypedChoiceField(
        label="How often would you like to do it?",
        choices=TIMES_CHOICES,
        coerce=int,
        help_text="A number that feels kind, not a target to punish yourself with.",
        error_messages={"required": "Choose how often.", "invalid_choice": CHOOSE_ONE},
    )

    def clean_times_per_week(self):
        times = self.cleaned_data["times_per_week"]
        if not TIMES_MIN <= times <= TIMES_MAX:
            raise forms.ValidationError(CHOOSE_ONE)
        return times


class ActivityForm(_OneTimeKey, ActivityFields):
    submission_key = _key_field()
    audience = audience_field(help_text="You can change this for each activity later.")


class EditActivityForm(ActivityFields):
    version = _version_field()


class LogForm(forms.Form):
    submission_key = _key_field()
    note = forms.CharField(
        label="A note (optional)",
        required=False,
        max_length=LOG_NOTE_MAX_LENGTH,
        strip=True,
        help_text=f"Only you see it. Up to {LOG_NOTE_MAX_LENGTH} characters.",
        error_messages={"max_length": too_long(LOG_NOTE_MAX_LENGTH)},
    )


class ShareForm(forms.Form):
    audience = audience_field()


def _day_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Choose the day it happened.",
            "invalid": "Enter a date such as 2026-11-27.",
        },
    )


class _ReflectionDay:
    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > today():
            raise forms.ValidationError(FUTURE_DAY)
        return day


class StrengthFields(Checked):
    text = _text(
        "A strength of yours",
        REFLECTION_MAX_LENGTH,
        rows=1,
        help_text="Something you are good at, or a quality people can count on in you.",
        required_message="Write the strength in a few words.",
    )
    detail = _text(
        "A time you showed it",
        DETAIL_MAX_LENGTH,
        rows=3,
        help_text="A real example, however small. It is the evidence that it is true.",
        required_message="Add one example of a time you showed this strength.",
    )


class WentWellFields(_ReflectionDay, Checked):
    text = _text(
        "Something you did well, or that went right",
        REFLECTION_MAX_LENGTH,
        rows=2,
        help_text="Small things count: you kept your temper, you asked for help, the bus "
        "was on time and you enjoyed it.",
        required_message="Write what went well in a few words.",
    )
    detail = _text(
        "What it says about you (optional)",
        DETAIL_MAX_LENGTH,
        required=False,
        rows=2,
    )
    day = _day_field("When")


class StrengthForm(_OneTimeKey, StrengthFields):
    submission_key = _key_field()
    audience = audience_field()


class WentWellForm(_OneTimeKey, WentWellFields):
    submission_key = _key_field()
    audience = audience_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = today().isoformat()


class EditStrengthForm(StrengthFields):
    version = _version_field()


class EditWentWellForm(WentWellFields):
    version = _version_field()
