from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "steadfast.together"
    label = "together"
    verbose_name = "Together"
