import uuid

from django import forms

from steadfast.checkins.forms import FORM_KEY_LOST

from .models import (
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AnswerKind,
    Choice,
    Role,
    Topic,
)

CHOOSE_ONE = "Choose one of the options shown."
STALE_FORM = (
    "Something went wrong with this page, so your words are not saved yet. Check them "
    "below and save again."
)
MAX_PER_WEEK = 14


def too_long(limit):
    # %(show_value)d: Django fills in how many characters were sent.
    return f"Please keep this to {limit} characters or fewer. This has %(show_value)d."


def _text(label, limit, *, required=True, rows=6, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
        error_messages={
            "required": required_message or "Write something first, or leave the page.",
            "max_length": too_long(limit),
        },
    )


def _key_field():
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


def _version_field():
    # 0: the page was opened before anything was saved.
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )


class KeyedForm(forms.Form):
    submission_key = _key_field()

    def renew_broken_key(self):
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())

    @classmethod
    def fresh(cls, **initial):
        return cls(initial={"submission_key": uuid.uuid4(), **initial})


class StartForm(KeyedForm):
    role = forms.ChoiceField(
        label="Which is true for you?",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text="Choose honestly. Your partner will be asked whether they want to join "
        "in the other role; they are free not to.",
        error_messages={"required": "Choose one of the two.", "invalid_choice": CHOOSE_ONE},
    )


class WritingForm(forms.Form):
    version = _version_field()

    def __init__(self, *args, label="Your words", limit=TEXT_MAX_LENGTH, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "text": _text(label, limit, help_text=help_text or f"Up to {limit} characters."),
            **self.fields,
        }


class ShareForm(forms.Form):
    share = forms.TypedChoiceField(
        choices=[("yes", "Share"), ("no", "Keep private")],
        coerce=lambda value: value == "yes",
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


class LimitsForm(KeyedForm):
    per_week = forms.IntegerField(
        label="How many questions a week, at most?",
        min_value=1,
        max_value=MAX_PER_WEEK,
        help_text=f"From 1 to {MAX_PER_WEEK}. Fewer questions, answered fully, often help "
        "more than many.",
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_PER_WEEK}),
        error_messages={
            "required": f"Choose a number from 1 to {MAX_PER_WEEK}.",
            "invalid": f"Choose a number from 1 to {MAX_PER_WEEK}.",
            "min_value": f"Choose a number from 1 to {MAX_PER_WEEK}.",
            "max_value": f"Choose a number from 1 to {MAX_PER_WEEK}.",
        },
    )
    topics = forms.MultipleChoiceField(
        label="Topics that stay off limits",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE_ONE},
    )
    other_limits = _text(
        "Anything else you'd like to agree (optional)",
        SHORT_MAX_LENGTH,
        required=False,
        rows=3,
        help_text="For example: no questions before work; a break of a day when either of "
        "us asks for one.",
    )


class AcceptForm(forms.Form):
    proposal = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


class QuestionForm(KeyedForm):
    text = _text(
        "Your question",
        SHORT_MAX_LENGTH,
        rows=3,
        help_text=f"One question at a time, up to {SHORT_MAX_LENGTH} characters.",
        required_message="Write your question first.",
    )


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label="Your answer",
        choices=AnswerKind.choices,
        initial=AnswerKind.ANSWER,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )
    text = _text(
        "In your own words",
        TEXT_MAX_LENGTH,
        required=False,
        rows=5,
        help_text=f"Honest and plain, up to {TEXT_MAX_LENGTH} characters.",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == AnswerKind.ANSWER and not data.get("text"):
            self.add_error("text", "Write your answer, or choose one of the other options.")
        return data


class OfferForm(KeyedForm):
    text = _text(
        "What I offer, in my own words",
        SHORT_MAX_LENGTH,
        rows=3,
        help_text='For example: "I will tell you when I hear from X." Up to '
        f"{SHORT_MAX_LENGTH} characters.",
        required_message="Write what you offer first.",
    )
    as_promise = forms.BooleanField(
        label="Also keep it as a promise, marked each day, that my partner can see",
        required=False,
    )


class DecisionForm(forms.Form):
    version = _version_field()
    choice = forms.ChoiceField(
        label="How do you want to go on, for now?",
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the options.", "invalid_choice": CHOOSE_ONE},
    )
    note = _text(
        "Anything you'd like to add (optional)",
        SHORT_MAX_LENGTH,
        required=False,
        rows=3,
        help_text="Shown to your partner with your choice, once you have both answered.",
    )
