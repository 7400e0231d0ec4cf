from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "steadfast.core"
    label = "core"
    verbose_name = "Steadfast core"
