from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "steadfast.practice"
    verbose_name = "Practice"
