from django import forms

from .actions import UNUSABLE


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=40,
        # Too long is just another unusable code: the same words as every other one.
        error_messages={"max_length": UNUSABLE},
        help_text=(
            "Sixteen letters and numbers, like ABCD-EFGH-JKLM-NPQR. Case and dashes don't matter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class UnlinkForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, unlink us now.",
        error_messages={"required": "Please tick the box to confirm you want to unlink."},
    )
