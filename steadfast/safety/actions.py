from django.db import IntegrityError, transaction

from steadfast.core import idempotency

from .models import CheckIn, SafetyPlan


def record_checkin(person, *, answers, audience, submission_key):
    """Save a check-in once per form: a resubmitted form returns the check-in it made, and
    its key sent again with other answers raises `idempotency.KeyReused`."""
    return idempotency.create_once(
        CheckIn,
        {"owner": person, "submission_key": submission_key},
        {"answers": answers, "audience": audience},
    )


def save_plan(person, cleaned_data):
    """Create or update the person's one safety plan."""
    fields = dict(cleaned_data)
    try:
        with transaction.atomic():
            plan, _ = SafetyPlan.objects.update_or_create(owner=person, defaults=fields)
    except IntegrityError:  # created by a concurrent request a moment ago
        plan = SafetyPlan.objects.get(owner=person)
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
    return plan
