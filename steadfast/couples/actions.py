"""Linking and unlinking. Each verb is atomic and tells nobody but the person acting."""

import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Couple, Invitation, Membership, digest_code

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes get read aloud
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4

UNUSABLE = (
    "This invitation can't be used. Invitations work once and last 72 hours, and the person "
    "who made one can withdraw it. Ask your partner to make a new one."
)
ALREADY_LINKED = (
    "You are already linked with a partner. A person can be in one couple at a time: "
    "unlink first if you want to link with someone else."
)
OWN_INVITATION = "This is your own invitation. Send the link or the code to your partner."


class CouplingError(Exception):
    """A refusal with a message meant for the person who tried."""


def new_code():
    chars = [secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH)]
    groups = [
        "".join(chars[i : i + CODE_GROUP_LENGTH]) for i in range(0, len(chars), CODE_GROUP_LENGTH)
    ]
    return "-".join(groups)


def normalise_code(raw):
    """Accept a code however it was typed: any case, spaces or dashes anywhere."""
    letters = re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()
    if len(letters) != CODE_GROUPS * CODE_GROUP_LENGTH:
        return None
    return "-".join(
        letters[i : i + CODE_GROUP_LENGTH] for i in range(0, len(letters), CODE_GROUP_LENGTH)
    )


def is_linked(user):
    return Membership.objects.filter(person=user).exists()


@transaction.atomic
def create_invitation(inviter):
    """A fresh single-use code; any earlier pending invitation of the inviter is withdrawn."""
    if is_linked(inviter):
        raise CouplingError(ALREADY_LINKED)
    now = timezone.now()
    Invitation.objects.filter(inviter=inviter).pending(now).update(withdrawn_at=now)
    code = new_code()
    invitation = Invitation.objects.create(
        inviter=inviter,
        code_digest=digest_code(code),
        created_at=now,
        expires_at=now + settings.INVITATION_LIFETIME,
    )
    return invitation, code


@transaction.atomic
def withdraw_invitations(inviter):
    now = timezone.now()
    return Invitation.objects.filter(inviter=inviter).pending(now).update(withdrawn_at=now)


def accept_invitation(invitee, raw_code):
    """Link `invitee` with the invitation's maker, or raise CouplingError."""
    if is_linked(invitee):
        raise CouplingError(ALREADY_LINKED)
    code = normalise_code(raw_code)
    if code is None:
        raise CouplingError(UNUSABLE)
    try:
        with transaction.atomic():
            return _link(invitee, code)
    except IntegrityError:
        # Someone in this pair linked elsewhere at the same moment.
        raise CouplingError(UNUSABLE) from None


def _link(invitee, code):
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("inviter")
        .filter(code_digest=digest_code(code))
        .first()
    )
    if invitation is None or not invitation.is_pending(now):
        raise CouplingError(UNUSABLE)
    inviter = invitation.inviter
    if inviter.pk == invitee.pk:
        raise CouplingError(OWN_INVITATION)
    if not inviter.is_active or not inviter.is_person or is_linked(inviter):
        raise CouplingError(UNUSABLE)
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    Invitation.objects.filter(inviter__in=[inviter, invitee]).pending(now).update(withdrawn_at=now)
    couple = Couple.objects.create(linked_at=now)
    Membership.objects.bulk_create(
        [Membership(couple=couple, person=inviter), Membership(couple=couple, person=invitee)]
    )
    return couple


@transaction.atomic
def unlink(person):
    """End the person's couple at once. The other partner gets no message of any kind."""
    membership = Membership.objects.select_for_update().filter(person=person).first()
    if membership is None:
        return False
    Couple.objects.filter(pk=membership.couple_id).delete()
    return True
