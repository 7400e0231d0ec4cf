from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "steadfast.loadtest"
    verbose_name = "Load data"
