import dataclasses
import json
import re
import uuid
from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from steadfast.core.models import Audience

from . import battery, fhir, scoring

FORM_KEY_LOST = (
    "Something went wrong with this page, so your answers are not saved yet. Check them "
    "below and save again."
)
SAFETY_AUDIENCES = [(a.value, a.label) for a in Audience if a in Audience.safety_audiences()]
INTERVAL_CHOICES = [
    ("once", "Once, at the start"),
    ("7", "Every week"),
    ("14", "Every 2 weeks"),
    ("28", "Every 4 weeks"),
    ("56", "Every 8 weeks"),
    ("84", "Every 12 weeks"),
]


def item_field_name(item):
    return f"item_{item.number}"


class OneTimeKeyForm(forms.Form):
    """A form carrying a one-time key, so that submitting it twice saves once."""

    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )

    def renew_broken_key(self):
        """A posted form whose one-time key is missing or mangled gets a fresh one."""
        if self.is_bound and self.has_error("submission_key"):
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())


class MeasureForm(OneTimeKeyForm):
    """One instrument's items, each a group of radios with the printed values.

    Answers are checked by `scoring` itself, so a refusal carries its message (naming the
    item) beside the item concerned. A `partial` form (a draft) may leave any item out.
    """

    def __init__(self, instrument, *args, partial=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.partial = partial
        self.answers = {}  # {item number: printed value}, once cleaned
        if partial:
            self.fields["submission_key"].required = False
        for item in instrument.items:
            choices = [(str(o.value), o.label) for o in instrument.options(item)]
            self.fields[item_field_name(item)] = forms.CharField(
                label=f"{item.number}. {item.text}",
                required=False,  # scoring decides what may be left out
                widget=forms.RadioSelect(choices=choices),
            )

    def clean(self):
        cleaned = super().clean()
        answers = {}
        # Each answer on its own first, so every wrong one is marked, not only the first.
        lenient = dataclasses.replace(self.instrument, max_missing=len(self.instrument.items))
        for item in self.instrument.items:
            name = item_field_name(item)
            value = cleaned.get(name)
            if not value:
                continue
            try:
                answers.update(scoring.clean_answers(lenient, {item.number: value}))
            except scoring.InvalidAnswers as error:
                self.add_error(name, str(error))
        if self.partial or any(name != "submission_key" for name in self.errors):
            self.answers = answers
            return cleaned
        try:
            scoring.score(self.instrument, answers)
        except scoring.InvalidAnswers as error:
            # Every answer was valid on its own: what is left is the rule on missing ones.
            missing = [item for item in self.instrument.scored_items if item.number not in answers]
            for item in missing:
                self.add_error(item_field_name(item), str(error))
            if not missing:
                raise forms.ValidationError(str(error)) from None
        self.answers = answers
        return cleaned

    def item_fields(self):
        return [self[item_field_name(item)] for item in self.instrument.items]

    def answers_need_attention(self):
        return any(name != "submission_key" for name in self.errors)


def initial_from_answers(answers):
    """Form initial data from saved answers ({"item number": value})."""
    return {f"item_{number}": str(value) for number, value in (answers or {}).items()}


class ShareForm(forms.Form):
    """Who may see one result. Safety instruments never offer (or accept) a partner."""

    audience = forms.ChoiceField(
        label="Who can see this result?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see this result."},
    )

    def __init__(self, *args, measure, linked, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["audience"]
        if battery.is_safety_instrument(measure.instrument):
            field.choices = SAFETY_AUDIENCES
            field.help_text = "Your partner can never see this result, whichever you choose."
            field.error_messages["invalid_choice"] = (
                "Choose 'Only me' or 'Me and my therapist'. This can't be shared with a partner."
            )
        else:
            field.choices = Audience.choices
            field.help_text = (
                "A partner sees the score, what it means and the date: never your answers."
                if linked
                else "You aren't linked with a partner now. If you share with your partner, "
                "whoever you link with later will see it."
            )
            field.error_messages["invalid_choice"] = "Choose one of the options shown."


class ScheduleForm(forms.Form):
    """How often each offered measure is asked, and whether it is asked at all."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"{row.instrument}-interval"] = forms.TypedChoiceField(
                label="How often",
                choices=INTERVAL_CHOICES,
                coerce=lambda v: None if v == "once" else int(v),
                empty_value=None,
                error_messages={
                    "required": "Choose how often.",
                    "invalid_choice": "Choose one of the options shown.",
                },
            )
            self.fields[f"{row.instrument}-active"] = forms.BooleanField(
                label="Remind me when it's due", required=False
            )
            self.initial[f"{row.instrument}-interval"] = (
                "once" if row.interval_days is None else str(row.interval_days)
            )
            self.initial[f"{row.instrument}-active"] = row.active

    def groups(self, instruments):
        """(instrument, interval field, active field) in the rows' order."""
        return [
            (
                instruments[row.instrument],
                self[f"{row.instrument}-interval"],
                self[f"{row.instrument}-active"],
            )
            for row in self.rows
        ]

    def settings(self):
        """{instrument key: (interval_days, active)} from the cleaned data."""
        return {
            row.instrument: (
                self.cleaned_data[f"{row.instrument}-interval"],
                self.cleaned_data[f"{row.instrument}-active"],
            )
            for row in self.rows
        }


MAX_IMPORT_BYTES = 200_000
IMPORT_TOO_BIG = "That is more than 200 kB: a questionnaire response is much smaller than that."
IMPORT_NOTHING = "Paste a QuestionnaireResponse here, or choose a file below."
IMPORT_BOTH = "Paste a QuestionnaireResponse or choose a file, not both."
DATED_VAGUELY = (
    "The response is dated only to the month or year (authored {value!r}); "
    "give at least the day it was answered."
)
UNREADABLE_DATE = "The response's date (authored {value!r}) can't be read."
DATED_AHEAD = "The response is dated in the future (authored {value!r})."


def _read_datetime(value):
    """A FHIR dateTime given to the day at least: a date, or a datetime."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(UNREADABLE_DATE.format(value=value)) from None


def authored_at(value, now):
    """When an imported response was answered, from its `authored` (FHIR dateTime).

    No date: answered now. A day without a time: midday that day in the site's time
    zone (at most `now`), so the date shown is the day given. A year or a month alone is
    too vague to place on a chart, and a date after `now` can't be right: ValueError.
    """
    if value is None:
        return now
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        raise ValueError(DATED_VAGUELY.format(value=value))
    when = _read_datetime(value)
    if not isinstance(when, datetime):
        if when > timezone.localdate(now):
            raise ValueError(DATED_AHEAD.format(value=value))
        return min(timezone.make_aware(datetime.combine(when, time(12))), now)
    if timezone.is_naive(when):  # FHIR wants a zone with a time; read it as local
        when = timezone.make_aware(when)
    if when > now:
        raise ValueError(DATED_AHEAD.format(value=value))
    return when


class ImportForm(OneTimeKeyForm):
    """A FHIR QuestionnaireResponse, pasted or uploaded, checked by `fhir` before
    anything is kept. A refusal is `FHIRImportError`'s message, beside the field used."""

    text = forms.CharField(
        label="Paste a QuestionnaireResponse (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label="Or choose a file",
        required=False,
        help_text=f"A .json file of at most {MAX_IMPORT_BYTES // 1000} kB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.instrument = None
        self.answers = {}
        self.completed_at = None

    def _content(self):
        """(field name, raw content), or (field name, None) after adding an error."""
        text, upload = self.cleaned_data.get("text"), self.cleaned_data.get("file")
        if text and upload:
            self.add_error("text", IMPORT_BOTH)
            return "text", None
        if upload:
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error("file", IMPORT_TOO_BIG)
                return "file", None
            return "file", upload.read(MAX_IMPORT_BYTES + 1)
        if not text:
            self.add_error("text", IMPORT_NOTHING)
            return "text", None
        if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
            self.add_error("text", IMPORT_TOO_BIG)
            return "text", None
        return "text", text

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in ("text", "file")):
            return cleaned
        field, content = self._content()
        if content is None:
            return cleaned
        try:
            instrument, answers = fhir.parse_questionnaire_response(content)
            self.completed_at = authored_at(json.loads(content).get("authored"), self.now)
        except ValueError as error:  # FHIRImportError is one, with its message ready
            self.add_error(field, str(error))
            return cleaned
        self.instrument, self.answers = instrument, answers
        return cleaned
