from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "steadfast.audit"
    label = "audit"
    verbose_name = "Security events"

    def ready(self):
        from . import signals  # noqa: F401  (connect the log-in, log-out and failure receivers)
