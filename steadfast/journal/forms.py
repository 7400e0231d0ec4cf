import uuid

from django import forms

from steadfast.checkins.forms import AUDIENCE_REFUSED, FORM_KEY_LOST
from steadfast.core.models import Audience
from steadfast.core.roots import Root

from .models import (
    BODY_MAX_LENGTH,
    FEELING_MAX_LENGTH,
    STRENGTH_MAX,
    STRENGTH_MIN,
    THOUGHT_FIELDS,
    THOUGHT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from .prompts import BY_KEY

CHOOSE_ONE = "Choose one of the options shown."
EMPTY_ENTRY = "Write something before saving: an empty entry can't be kept."
STRENGTH_RANGE = f"Give a number from {STRENGTH_MIN} to {STRENGTH_MAX}."


def too_long(length, limit):
    return (
        f"This is {length:,} characters long; it can hold up to {limit:,}. Nothing is saved "
        "yet: shorten it (or split it in two) and save again."
    )


class LimitedTextField(forms.CharField):
    """Free text with a limit the page states. Longer text is refused with its length,
    never cut: no `maxlength` attribute, so a browser does not silently drop what was
    pasted past the limit. Line breaks count once."""

    def __init__(self, *, limit, rows=4, **kwargs):
        self.limit = limit
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise forms.ValidationError(too_long(len(value), self.limit), code="too_long")


def _key_field():
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


class _VersionField(forms.IntegerField):
    """The version an edit started from. Missing or mangled means unknown (None): the
    edit is then treated as if the row had changed, so both versions are shown."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def _root_field():
    return forms.ChoiceField(
        label="Which root is it about? (optional)",
        choices=[("", "None in particular")] + Root.choices,
        required=False,
        help_text="Only to help you find it again. Whoever you share the entry with sees it too.",
        error_messages={"invalid_choice": CHOOSE_ONE},
    )


class _KeyedForm(forms.Form):
    submission_key = _key_field()

    def renew_broken_key(self):
        """A posted form whose one-time key is missing or mangled gets a fresh one."""
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())

    def with_fresh_key(self):
        """The same answers, to be posted again as a new submission (the conflict page)."""
        self.data = self.data.copy()
        self.data["submission_key"] = str(uuid.uuid4())
        return self


class EntryForm(_KeyedForm):
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        strip=True,
        help_text=f"Up to {TITLE_MAX_LENGTH} characters.",
    )
    body = LimitedTextField(
        label="Your entry",
        limit=BODY_MAX_LENGTH,
        rows=12,
        help_text=f"Up to {BODY_MAX_LENGTH:,} characters. Encrypted, and only you can read it "
        "unless you share it.",
        error_messages={"required": EMPTY_ENTRY},
    )
    root = _root_field()
    prompt = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_title(self):
        title = self.cleaned_data["title"]
        if len(title) > TITLE_MAX_LENGTH:
            raise forms.ValidationError(too_long(len(title), TITLE_MAX_LENGTH))
        return title

    def clean_prompt(self):
        """The question's words, from its key; an unknown key is quietly no question."""
        found = BY_KEY.get(self.cleaned_data["prompt"])
        return found.text if found else ""


class EditEntryForm(EntryForm):
    version = _VersionField()
    prompt = None  # the question an entry was written from stays as it was


def _thought_text(label, help_text="", *, required=False, empty=""):
    return LimitedTextField(
        label=label,
        limit=THOUGHT_TEXT_MAX_LENGTH,
        rows=3,
        required=required,
        help_text=(help_text + " " if help_text else "")
        + f"Up to {THOUGHT_TEXT_MAX_LENGTH:,} characters.",
        error_messages={"required": empty},
    )


def _strength(label, *, required):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=STRENGTH_MIN,
        max_value=STRENGTH_MAX,
        help_text="0 = not at all, 100 = as strong as it gets.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": STRENGTH_RANGE,
            "invalid": STRENGTH_RANGE,
            "min_value": STRENGTH_RANGE,
            "max_value": STRENGTH_RANGE,
        },
    )


class ThoughtRecordForm(_KeyedForm):
    situation = _thought_text(
        "What happened?",
        "Where were you, who was there, what set the feeling off? Just the facts, briefly.",
        required=True,
        empty="Write a few words about what happened.",
    )
    thought = _thought_text(
        "What went through your mind?",
        "The thought that came, in the words it came in.",
        required=True,
        empty="Write the thought that came to you, even if it seems silly now.",
    )
    feeling = forms.CharField(
        label="What did you feel?",
        required=False,
        strip=True,
        help_text="For example afraid, angry, sad, ashamed, alone.",
    )
    strength_before = _strength("How strong was the feeling then? (0 to 100)", required=True)
    evidence_for = _thought_text(
        "What makes the thought seem true?", "Facts you know, not guesses."
    )
    evidence_against = _thought_text(
        "What doesn't fit with it?",
        "Anything that points another way, or that a good friend might remind you of.",
    )
    balanced = _thought_text(
        "A more balanced way to see it",
        "Something you can believe that takes in both sides.",
    )
    strength_after = _strength(
        "How strong is the feeling now? (0 to 100, optional)", required=False
    )

    def clean_feeling(self):
        feeling = self.cleaned_data["feeling"]
        if len(feeling) > FEELING_MAX_LENGTH:
            raise forms.ValidationError(too_long(len(feeling), FEELING_MAX_LENGTH))
        return feeling

    def values(self):
        return {name: self.cleaned_data[name] for name in THOUGHT_FIELDS}


class EditThoughtRecordForm(ThoughtRecordForm):
    version = _VersionField()


class ShareForm(forms.Form):
    """Who may see one entry or thought record."""

    audience = forms.ChoiceField(
        label="Who can see this?",
        choices=Audience.choices,
        error_messages={
            "invalid_choice": AUDIENCE_REFUSED,
            "required": "Choose who can see this.",
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search your entries", required=False, strip=True, max_length=200)
    root = forms.ChoiceField(
        label="Root",
        choices=[("", "Any root")] + Root.choices,
        required=False,
    )

    def query(self):
        """(words, root); nonsense in the address just means no filter."""
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["q"], self.cleaned_data["root"]
