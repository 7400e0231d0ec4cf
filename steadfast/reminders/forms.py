from django import forms

from .models import ReminderSettings

BAD_TIME = "Enter a time of day such as 19:00."


class ReminderSettingsForm(forms.ModelForm):
    remind_at = forms.TimeField(
        label="Time of day for reminders",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        help_text="Emails and calendar events come at this time, in your own time zone.",
        error_messages={"required": BAD_TIME, "invalid": BAD_TIME},
    )

    class Meta:
        model = ReminderSettings
        fields = ["email_enabled", "remind_at", "include_checkin", "feed_show_words"]
        labels = {
            "email_enabled": "Email me a reminder on days something is waiting",
            "include_checkin": "Include the daily check-in on days I haven't done it yet",
            "feed_show_words": "In my calendar, title each event with the promise's own words",
        }
        help_texts = {
            "email_enabled": (
                "The email says only how many things are waiting today, never what they are."
            ),
            "feed_show_words": (
                'Otherwise every event is called "Reminder". While discreet mode is on, '
                "titles stay plain whatever you choose here."
            ),
        }
