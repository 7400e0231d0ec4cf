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
        # a promise the partner may see, or of a mark or answer on one, raises the
        # generation of the person it belongs to, which is part of both partners' keys
        # (steadfast/core/sections.py). Nothing private raises it: a rebuilt section takes
        # longer, and the partner must not be able to time one. Names and which promises
        # are visible are read fresh on every request (views._promises_section).
        post_save.connect(_promise_changed, sender=Commitment, dispatch_uid="together-c-save")
        post_delete.connect(_promise_changed, sender=Commitment, dispatch_uid="together-c-del")
        for model, person in ((Mark, "owner_id"), (Acknowledgement, "partner_id")):
            for signal in (post_save, post_delete):
                signal.connect(
                    _answer_changed(person),
                    sender=model,
                    dispatch_uid=f"together-{model.__name__}",
                )
        post_delete.connect(_left, sender=Membership, dispatch_uid="together-membership")
        post_delete.connect(_erased, sender=User, dispatch_uid="together-user-erased")


def _shared(commitment):
    from steadfast.core.models import Audience

    return commitment.audience in Audience.partner_audiences()


def _promise_changed(sender, instance, **kwargs):
    from steadfast.core import sections

    if _shared(instance):
        sections.bump(sections.PARTNER, instance.owner_id)


def _answer_changed(person):
    def bump(sender, instance, **kwargs):
        from steadfast.commitments.models import Commitment
        from steadfast.core import sections

        if not sections.enabled():
            return  # no cache to keep fresh: no query for the promise either
        if type(instance).commitment.is_cached(instance):
            commitment = instance.commitment  # the view that saved it loaded it already
        else:
            found = Commitment.objects.filter(pk=instance.commitment_id).only("audience")
            commitment = found.first()
        if commitment is None or _shared(commitment):  # (gone: deleted with its promise)
            sections.bump(sections.PARTNER, getattr(instance, person))

    return bump


def _left(sender, instance, **kwargs):
    """An unlink, or an account deleted: no slot may keep the other's shared promises."""
    from steadfast.core import sections
    from steadfast.couples.models import Membership

    from .views import PAGE, SECTION

    if not sections.enabled():
        return
    people = [instance.person_id]
    people += Membership.objects.filter(couple_id=instance.couple_id).values_list(
        "person_id", flat=True
    )
    transaction.on_commit(lambda: [sections.forget(name, people) for name in (PAGE, SECTION)])


def _erased(sender, instance, **kwargs):
    from steadfast.core import sections

    from .views import PAGE, SECTION

    person = instance.pk
    transaction.on_commit(lambda: [sections.forget(name, [person]) for name in (PAGE, SECTION)])
