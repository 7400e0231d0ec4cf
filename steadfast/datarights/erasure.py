"""What an account leaves behind outside its own rows, removed when it is deleted.

Everything a person owns goes by cascade with their account, and their data keys are
destroyed (steadfast.accounts.actions.delete_account). A few tables hold the person's
email address or name without a link to the account, and would keep it:

* django-axes' log-in records (attempts, failures, log-ins), which key on the address
  that was typed;
* the operator admin's change log, whose rows about the account carry its name.

`forget_traces` clears those, in the same transaction as the deletion.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

ERASED = "Deleted account"


def forget_traces(user):
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    # The operator's record that they changed or deleted an account stays; whose it was
    # does not.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(object_repr=ERASED)
