from django.apps import AppConfig


class SelfcareConfig(AppConfig):
    name = "steadfast.selfcare"
    label = "selfcare"
    verbose_name = "Self-care"

    def ready(self):
        from . import directories  # noqa: F401  (registers the directories file check)
