from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "steadfast.checkins"
    label = "checkins"
    verbose_name = "Daily"
