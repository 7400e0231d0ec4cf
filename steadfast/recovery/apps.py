from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "steadfast.recovery"
    label = "recovery"
    verbose_name = "Repair path"
