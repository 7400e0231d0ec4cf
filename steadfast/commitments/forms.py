import uuid

from django import forms
from django.utils.text import Truncator

from steadfast.checkins.forms import AUDIENCE_REFUSED, FORM_KEY_LOST
from steadfast.conversations.access import conversations_for
from steadfast.core.models import Audience
from steadfast.core.roots import Root

from .access import today
from .models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, WEEKDAYS, Kind, Seen

TEXT_TOO_LONG = f"Keep it to {TEXT_MAX_LENGTH} characters or fewer."
NOTE_TOO_LONG = f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer."
CHOOSE_WEEKDAYS = "Choose at least one day of the week."
END_BEFORE_START = "The end date can't be before the start date."
FUTURE_DAY = "That day hasn't come yet. You can answer for a day once it has arrived."
NOT_DUE = "This promise isn't due on that day, so there is nothing to mark."
NOT_AN_OCCURRENCE = "This promise isn't due on that day, so there is nothing to answer for."
CHOOSE_ONE = "Choose one of the options shown."


def _key_field():
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Choose a date.",
            "invalid": "Enter a date such as 2026-11-27.",
        },
    )


class ScheduleForm(forms.Form):
    """What the promise is, in the person's own words, and when it is due."""

    text = forms.CharField(
        label="Your promise, in your own words",
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Encrypted. Only seen by whoever you share it with.",
        error_messages={"required": "Write what you promise.", "max_length": TEXT_TOO_LONG},
    )
    kind = forms.ChoiceField(
        label="How often?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often.", "invalid_choice": CHOOSE_ONE},
    )
    weekdays = forms.MultipleChoiceField(
        label="On which days? (weekly only)",
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE_ONE},
    )
    start = _date_field("Starting on (for a once-only promise: the day it is due)")
    end = _date_field("Until (optional)", required=False)
    root = forms.ChoiceField(
        label="Where does it come from? (optional)",
        choices=[("", "I'd rather not say")] + Root.choices,
        required=False,
        help_text="Tie it to one of the roots of distrust, if that helps you. "
        "Whoever sees the promise sees this too.",
        error_messages={"invalid_choice": CHOOSE_ONE},
    )

    def clean(self):
        data = super().clean()
        kind, start, end = data.get("kind"), data.get("start"), data.get("end")
        if kind == Kind.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", CHOOSE_WEEKDAYS)
        if kind != Kind.WEEKLY:
            data["weekdays"] = []
        if kind == Kind.ONCE:
            data["end"] = end = None
        if start and end and end < start:
            self.add_error("end", END_BEFORE_START)
        return data

    def schedule(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "weekdays": "".join(sorted(data["weekdays"])),
            "start": data["start"],
            "end": data["end"],
        }


NOT_YOUR_CONVERSATION = "Choose one of your conversations from the list, or none."


class CommitmentForm(ScheduleForm):
    submission_key = _key_field()
    conversation = forms.ChoiceField(
        label="Did it come out of a conversation? (optional)",
        required=False,
        error_messages={"invalid_choice": NOT_YOUR_CONVERSATION},
    )
    audience = forms.ChoiceField(
        label="Who can see this?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        help_text="Share it with your partner so they can say whether they noticed.",
        error_messages={"invalid_choice": AUDIENCE_REFUSED, "required": "Choose who can see this."},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the conversations the person may open now; none, no field.
        self.conversations = {str(c.key): c for c in conversations_for(person)}
        if self.conversations:
            self.fields["conversation"].choices = [("", "No")] + [
                (key, Truncator(c.topic).chars(60)) for key, c in self.conversations.items()
            ]
        else:
            del self.fields["conversation"]

    def clean_conversation(self):
        key = self.cleaned_data.get("conversation")
        return self.conversations.get(key) if key else None

    def renew_broken_key(self):
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())


class RenegotiateForm(ScheduleForm):
    pass


class _OccurrenceForm(forms.Form):
    """A form about one occurrence of `commitment`: the day must be one, and not ahead."""

    not_due_message = NOT_DUE

    submission_key = _key_field()
    day = _date_field("Day")

    def __init__(self, *args, commitment, **kwargs):
        self.commitment = commitment
        super().__init__(*args, **kwargs)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > today():
            raise forms.ValidationError(FUTURE_DAY)
        if not self.commitment.is_occurrence(day):
            raise forms.ValidationError(self.not_due_message)
        return day


class MarkForm(_OccurrenceForm):
    done = forms.TypedChoiceField(
        label="Did you keep it?",
        choices=[("yes", "Done"), ("no", "Not done")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose done or not done.", "invalid_choice": CHOOSE_ONE},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        help_text="Encrypted. Only you see it.",
        error_messages={"max_length": NOTE_TOO_LONG},
    )


class AcknowledgeForm(_OccurrenceForm):
    not_due_message = NOT_AN_OCCURRENCE

    seen = forms.ChoiceField(
        label="Did you notice it?",
        choices=Seen.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the answers.", "invalid_choice": CHOOSE_ONE},
    )
