from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PracticeConfig(AppConfig):
    name = "steadfast.practice"
    verbose_name = "Practice"

    def ready(self):
        from steadfast.assessments.models import Measure, Schedule
        from steadfast.checkins.models import DailyCheckIn
        from steadfast.commitments.models import Acknowledgement, Commitment, Mark
        from steadfast.conversations.models import Conversation
        from steadfast.journal.models import Entry, ThoughtRecord
        from steadfast.safety.models import CheckIn as SafetyCheckIn

        # What the caseload's cached rows (dashboard.table) and the cached summaries
        # (views_summary._page) show: a save or delete of any of it raises the therapist
        # generation of the people it belongs to (steadfast/core/sections.py). A
        # conversation's steps, written with update(), are raised by
        # conversations.actions._advance.
        owned = (
            Measure, Schedule, SafetyCheckIn, DailyCheckIn, Entry, ThoughtRecord,
            Commitment, Mark,
        )  # fmt: skip
        for model in owned:
            for signal in (post_save, post_delete):
                signal.connect(_bump_owner, sender=model, dispatch_uid=f"practice-{model.__name__}")
        for signal in (post_save, post_delete):
            signal.connect(_bump_both, sender=Conversation, dispatch_uid="practice-Conversation")
            signal.connect(_bump_answerer, sender=Acknowledgement, dispatch_uid="practice-ack")


def _bump_owner(sender, instance, **kwargs):
    from steadfast.core import sections

    sections.bump(sections.THERAPIST, instance.owner_id)


def _bump_both(sender, instance, **kwargs):
    from steadfast.core import sections

    sections.bump(sections.THERAPIST, instance.owner_id, instance.partner_id)


def _bump_answerer(sender, instance, **kwargs):
    from steadfast.core import sections

    sections.bump(sections.THERAPIST, instance.partner_id)
