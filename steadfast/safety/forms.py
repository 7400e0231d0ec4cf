import uuid

from django import forms

from steadfast.core.models import Audience

from . import questions
from .models import PLAN_SECTIONS, SafetyPlan

SCALE_CHOICES = [(str(v), str(v)) for v in questions.SCALE_VALUES]
YESNO_CHOICES = [("no", "No"), ("yes", "Yes")]
PLAN_SECTION_MAX_LENGTH = 4000
SAFETY_AUDIENCE_CHOICES = [
    (Audience.PRIVATE, "Only me"),
    (Audience.THERAPIST, "Me and a therapist I have given access to"),
]


FORM_KEY_LOST = (
    "Something went wrong with this page, so your answers are not saved yet. Check them "
    "below and save again."
)


def audience_field():
    return forms.ChoiceField(
        label="Who can see this?",
        choices=SAFETY_AUDIENCE_CHOICES,
        initial=Audience.PRIVATE,
        widget=forms.RadioSelect,
        help_text="Your partner can never see it, whichever you choose.",
        error_messages={
            "invalid_choice": "Choose 'Only me' or 'Me and a therapist'. This can't be shared "
            "with a partner.",
            "required": "Choose who can see this.",
        },
    )


class CheckInForm(forms.Form):
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": FORM_KEY_LOST,
            "invalid": FORM_KEY_LOST,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions.ALL_QUESTIONS:
            if question.kind == "scale":
                field = forms.TypedChoiceField(
                    label=question.text,
                    choices=SCALE_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=f"0 = {question.low}, 4 = {question.high}",
                )
            else:
                field = forms.TypedChoiceField(
                    label=question.text,
                    choices=YESNO_CHOICES,
                    coerce=lambda value: value == "yes",
                    widget=forms.RadioSelect,
                )
            field.error_messages["required"] = "Please choose an answer."
            field.error_messages["invalid_choice"] = "Please choose one of the answers shown."
            self.fields[question.key] = field
        self.fields["audience"] = audience_field()

    def answers(self):
        return {q.key: self.cleaned_data[q.key] for q in questions.ALL_QUESTIONS}

    def answers_need_attention(self):
        """Did any question or the audience fail (rather than only the one-time key)?"""
        return any(name != "submission_key" for name in self.errors)

    def renew_broken_key(self):
        """A posted form whose one-time key is missing or mangled gets a fresh one.

        Otherwise the page would show the same broken key again, and the person could
        never save their answers however often they tried.
        """
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())


class SafetyPlanForm(forms.ModelForm):
    audience = audience_field()

    class Meta:
        model = SafetyPlan
        fields = [name for name, _, _ in PLAN_SECTIONS] + ["audience"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, hint in PLAN_SECTIONS:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=PLAN_SECTION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
