from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "steadfast.coach"
    label = "coach"
    verbose_name = "Message coach"
