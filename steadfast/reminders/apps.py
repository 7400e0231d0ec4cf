from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "steadfast.reminders"
    label = "reminders"
    verbose_name = "Reminders"
