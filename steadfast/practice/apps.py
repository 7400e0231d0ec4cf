from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PracticeConfig(AppConfig):
    name = "steadfast.practice"
    verbose_name = "Practice"

    def ready(self):
        from steadfast.assessments.models import Measure, Schedule
        from steadfast.safety.models import CheckIn as SafetyCheckIn

        # What the caseload's cached cells show (dashboard.cells): a save or delete of any
        # of it raises its owner's generation (steadfast/core/sections.py).
        for model in (Measure, Schedule, SafetyCheckIn):
            for signal in (post_save, post_delete):
                signal.connect(_bump_owner, sender=model, dispatch_uid=f"practice-{model.__name__}")


def _bump_owner(sender, instance, **kwargs):
    from steadfast.core import sections

    sections.bump(instance.owner_id)
