import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from steadfast.checkins.forms import FORM_KEY_LOST

from .models import ANSWER_MAX_LENGTH, TOPIC_MAX_LENGTH, TURN_MAX_LENGTH, TurnKind

TIME_OUT_LONGEST = timedelta(hours=24)
TIME_OUT_SUGGESTED = timedelta(minutes=20)
STALE_PAGE = "This page is out of date. Here is where the conversation stands now."
RETURN_IN_PAST = "Choose a time that is still to come: when will you come back to this?"
RETURN_TOO_FAR = (
    "Choose a time within the next 24 hours. A break helps most when the way back is close."
)
EMPTY_TURN = "Write something first: an empty turn can't be saved."
EMPTY_PARAPHRASE = "Write what you heard, in your own words, before sending it."
TURN_TOO_LONG = f"Keep it to {TURN_MAX_LENGTH} characters or fewer: one thing at a time."


def _key_field():
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


def _step_field():
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": STALE_PAGE,
            "invalid": STALE_PAGE,
            "min_value": STALE_PAGE,
        },
    )


class KeyedForm(forms.Form):
    submission_key = _key_field()

    def renew_broken_key(self):
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())


class OpenForm(KeyedForm):
    topic = forms.CharField(
        label="What would you like to talk about?",
        max_length=TOPIC_MAX_LENGTH,
        strip=True,
        help_text="A few words, such as \u201chow we spend our evenings\u201d. Your partner sees "
        "it; it is encrypted here.",
        error_messages={
            "required": "Write a few words about the topic first.",
            "max_length": f"Keep the topic to {TOPIC_MAX_LENGTH} characters or fewer.",
        },
    )


class TurnForm(KeyedForm):
    step = _step_field()
    kind = forms.ChoiceField(
        choices=TurnKind.choices,
        widget=forms.HiddenInput,
        error_messages={"required": STALE_PAGE, "invalid_choice": STALE_PAGE},
    )
    text = forms.CharField(
        required=False,
        max_length=TURN_MAX_LENGTH,
        strip=True,
        error_messages={"max_length": TURN_TOO_LONG},
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and kind != TurnKind.CONFIRMATION and not data.get("text"):
            message = EMPTY_PARAPHRASE if kind == TurnKind.PARAPHRASE else EMPTY_TURN
            self.add_error("text", message)
        return data


class StepForm(forms.Form):
    step = _step_field()


def suggested_return():
    """Twenty minutes from now, to the minute, in the person's own time zone."""
    moment = timezone.localtime() + TIME_OUT_SUGGESTED
    return moment.replace(second=0, microsecond=0)


class TimeOutForm(StepForm):
    return_at = forms.DateTimeField(
        label="When will you come back to it?",
        help_text="Your own local time. At least twenty minutes helps most; at most 24 hours.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Choose when you will come back to the conversation.",
            "invalid": "Enter a date and time such as 2026-11-27 19:30.",
        },
    )

    def clean_return_at(self):
        moment = self.cleaned_data["return_at"]
        now = timezone.now()
        if moment <= now:
            raise forms.ValidationError(RETURN_IN_PAST)
        if moment > now + TIME_OUT_LONGEST:
            raise forms.ValidationError(RETURN_TOO_FAR)
        return moment


class ExerciseForm(forms.Form):
    """One textarea and one "show" box per prompt, and which button was pressed."""

    action = forms.ChoiceField(
        choices=[("save", "Save for later"), ("finish", "Finish")],
        error_messages={
            "required": "Choose whether to save for later or finish.",
            "invalid_choice": "Choose whether to save for later or finish.",
        },
    )

    def __init__(self, *args, exercise, partner_name="your partner", **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        for number, prompt in enumerate(exercise.prompts, start=1):
            self.fields[f"answer_{prompt.key}"] = forms.CharField(
                label=f"{number}. {prompt.text}",
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": f"Keep each answer to {ANSWER_MAX_LENGTH} characters or fewer."
                },
            )
            self.fields[f"reveal_{prompt.key}"] = forms.BooleanField(
                label=f"Show this answer to {partner_name} once you have both finished",
                required=False,
            )

    def pairs(self):
        """(answer field, show field) per prompt, for the template."""
        return [
            (self[f"answer_{prompt.key}"], self[f"reveal_{prompt.key}"])
            for prompt in self.exercise.prompts
        ]

    def texts(self):
        return {key: self.cleaned_data[f"answer_{key}"] for key in self.exercise.prompt_keys()}

    def reveal(self):
        return {key for key in self.exercise.prompt_keys() if self.cleaned_data[f"reveal_{key}"]}
