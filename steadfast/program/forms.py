import uuid

from django import forms

from steadfast.core.models import Audience

from .models import REFLECTION_MAX_LENGTH, State

FORM_KEY_LOST = "This form lost its one-time key. Nothing is saved yet: please save again."
EMPTY_REFLECTION = (
    "There's nothing to save yet. The reflection is optional: you can leave it empty and "
    "carry on, or write a few words and save them."
)
CHOOSE_ONE = "Choose one of the options shown."


def too_long(length, limit):
    return (
        f"This is {length:,} characters long; a reflection can hold up to {limit:,}. Nothing "
        "is saved yet: shorten it and save again."
    )


class _VersionField(forms.IntegerField):
    """The version an edit started from. Missing or mangled means unknown (None): the
    edit is then treated as if the reflection had changed, so both versions are shown."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False, min_value=0)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class ReflectionForm(forms.Form):
    """The reflection on one module. Longer text than the limit is refused with its length,
    never cut (no `maxlength`, so a browser does not silently drop what was pasted)."""

    text = forms.CharField(
        label="Your reflection (optional)",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Up to {REFLECTION_MAX_LENGTH:,} characters. Encrypted, and only you can "
        "read it unless you share it.",
    )
    version = _VersionField()
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )

    def __init__(self, *args, remove=False, **kwargs):
        self.remove = remove  # the "remove my reflection" button: empty is the point
        super().__init__(*args, **kwargs)

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        if self.remove:
            return ""
        if not text:
            raise forms.ValidationError(EMPTY_REFLECTION, code="empty")
        if len(text) > REFLECTION_MAX_LENGTH:
            raise forms.ValidationError(too_long(len(text), REFLECTION_MAX_LENGTH))
        return text

    def renew_broken_key(self):
        """A posted form whose one-time key is missing or mangled gets a fresh one."""
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())

    def for_conflict(self, current):
        """The same words, to be posted again over the version saved now."""
        self.data = self.data.copy()
        self.data["submission_key"] = str(uuid.uuid4())
        self.data["version"] = str(current.version)
        return self


class MoveForm(forms.Form):
    """Start, mark done, skip, or come back (to started)."""

    state = forms.ChoiceField(
        choices=State.choices,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


class ShareForm(forms.Form):
    audience = forms.ChoiceField(
        label="Who can read this reflection?",
        choices=Audience.choices,
        error_messages={"invalid_choice": CHOOSE_ONE, "required": "Choose who can read it."},
    )


class SharingForm(forms.Form):
    share_done = forms.BooleanField(
        label="Show my partner which modules I've done (never my reflections)",
        required=False,
    )
