from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "steadfast.safety"
    label = "safety"
    verbose_name = "Individual check-in"
