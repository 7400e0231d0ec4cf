"""Forms for the therapist's own pages: session notes, proposed measures."""

from django import forms

from steadfast.assessments.battery import offered_instruments
from steadfast.assessments.forms import INTERVAL_CHOICES
from steadfast.core import idempotency

NOTE_MAX_LENGTH = 20_000


class NoteForm(forms.Form):
    session_date = forms.DateField(
        label="Session date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for a note that is not about one session.",
    )
    body = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write the note first."},
    )
    with_partner = forms.BooleanField(
        label="A session with both partners", required=False, help_text=""
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is None:
            del self.fields["with_partner"]
        else:
            self.fields[
                "with_partner"
            ].help_text = f"The note shows on {partner.display_name}'s page too (only to you)."


class NewNoteForm(NoteForm):
    """A note to add: it carries a one-time key, so sending it twice saves it once."""

    submission_key = idempotency.key_field()


class ProposalForm(forms.Form):
    """One row per offered instrument (never a safety screen): propose it, and how often."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = list(offered_instruments())
        for instrument in self.instruments:
            self.fields[f"{instrument.key}-propose"] = forms.BooleanField(
                label=f"{instrument.name} ({instrument.short_name})", required=False
            )
            self.fields[f"{instrument.key}-interval"] = forms.TypedChoiceField(
                label="How often",
                choices=INTERVAL_CHOICES,
                coerce=lambda v: None if v == "once" else int(v),
                empty_value=None,
                initial="28",
                required=False,
            )

    def rows(self):
        return [(self[f"{i.key}-propose"], self[f"{i.key}-interval"]) for i in self.instruments]

    def proposed(self):
        """{instrument key: interval_days} for the ticked instruments."""
        return {
            i.key: self.cleaned_data[f"{i.key}-interval"]
            for i in self.instruments
            if self.cleaned_data.get(f"{i.key}-propose")
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.proposed():
            raise forms.ValidationError("Tick at least one questionnaire.")
        return cleaned
