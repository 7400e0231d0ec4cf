from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class TogetherConfig(AppConfig):
    name = "steadfast.together"
    label = "together"
    verbose_name = "Together"

    def ready(self):
        from steadfast.accounts.models import User
        from steadfast.commitments.models import Acknowledgement, Commitment, Mark
        from steadfast.couples.models import Membership

        # What the couple view's cached promises show (views.SECTION): a save or delete of
        # any of it raises the generation of the person it belongs to, whose generation
        # is part of both partners' keys (steadfast/core/sections.py).
        for model, person in (
            (Commitment, "owner_id"),
            (Mark, "owner_id"),
            (Acknowledgement, "partner_id"),
            (User, "pk"),
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    _bumper(person), sender=model, dispatch_uid=f"together-{model.__name__}"
                )
        post_delete.connect(_left, sender=Membership, dispatch_uid="together-membership")
        post_delete.connect(_erased, sender=User, dispatch_uid="together-user-erased")


def _bumper(person):
    def bump(sender, instance, **kwargs):
        from steadfast.core import sections

        sections.bump(getattr(instance, person))

    return bump


def _left(sender, instance, **kwargs):
    """An unlink, or an account deleted: no slot may keep the other's shared promises."""
    from steadfast.core import sections
    from steadfast.couples.models import Membership

    from .views import SECTION

    if not sections.enabled():
        return
    people = [instance.person_id]
    people += Membership.objects.filter(couple_id=instance.couple_id).values_list(
        "person_id", flat=True
    )
    transaction.on_commit(lambda: sections.forget(SECTION, people))


def _erased(sender, instance, **kwargs):
    from steadfast.core import sections

    from .views import SECTION

    person = instance.pk
    transaction.on_commit(lambda: sections.forget(SECTION, [person]))
