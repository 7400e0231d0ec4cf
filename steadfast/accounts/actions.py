from django.db import IntegrityError, transaction

from steadfast import audit
from steadfast.core import keyring
from steadfast.core.models import DataKey
from steadfast.couples.actions import unlink
from steadfast.datarights import erasure, ledger

from .models import User


def create_person(*, email, display_name, password):
    """Create a person's account; None if the address was taken in the meantime."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, display_name=display_name
            )
    except IntegrityError:
        return None


def change_email(user, new_email):
    """Move the account to `new_email`; False if another account holds it."""
    try:
        with transaction.atomic():
            user.email = new_email
            user.save(update_fields=["email"])
    except IntegrityError:
        user.refresh_from_db(fields=["email"])
        return False
    return True


@transaction.atomic
def delete_account(user):
    """Delete the account and, by cascade, everything it owns.

    A couple the person belonged to ends with it; the partner is not told.
    """
    unlink(user)  # the couple itself, not only this person's membership
    # Noted outside the database, so that restoring an older backup erases it again.
    keys = list(DataKey.objects.filter(owner_id=user.pk).values_list("pk", "created_at"))
    ledger.note_erasure(user, keys)
    # Destroy the data key first: even a copy of what is deleted can't be read again.
    keyring.shred(user.pk)
    erasure.forget_traces(user)  # log-in records and the admin's log name the address
    user.delete()
    audit.record(None, "account_erased")  # the account's own events went with it
