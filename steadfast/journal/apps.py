from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "steadfast.journal"
    label = "journal"
    verbose_name = "Notes"
