from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "steadfast.accounts"
    label = "accounts"

    def ready(self):
        from . import sessions, signals  # noqa: F401  (connect their log-in receivers)
