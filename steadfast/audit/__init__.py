"""Security events (log-ins, credential changes, therapist access, exports, erasures).

`steadfast.audit.record(user, kind, request=None, **safe_fields)` writes one; see
actions.py for how and when to call it, models.py for what a row may hold.
"""


def record(user, kind, request=None, **safe_fields):
    from .actions import record as write  # not at import: this package loads with the apps

    return write(user, kind, request, **safe_fields)
