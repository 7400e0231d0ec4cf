"""A person's download: everything that is theirs, as one JSON file, and their
questionnaire results as a FHIR R4 Bundle.

The JSON file's layout is described in docs/data-export.md; `FORMAT` changes when a
field is renamed or removed (adding one does not). It is built for the person asking and
for nobody else: their own records (`sections`, `sections_together`) and, apart, what
their partner shares with them now (`shared`). It holds no secrets (data keys, two-step
secrets, digests of links) and nothing of a therapist's own (session notes).
"""

import json

from django.utils import timezone

from steadfast.assessments import fhir
from steadfast.assessments.models import Measure
from steadfast.core import keyring
from steadfast.core.presentation import app_name_for

from . import sections, sections_together
from .shared import shared_by_partner

FORMAT = "steadfast-export/1"
JSON = "application/json; charset=utf-8"
FHIR_JSON = "application/fhir+json; charset=utf-8"


def build(user):
    """The whole download of `user` (a person) as a dict of plain JSON data."""
    keyring.warm([user.pk])  # every own word opens with one query for the key
    return {
        "format": FORMAT,
        "exported_at": timezone.localtime().isoformat(),
        "time_zone": timezone.get_current_timezone_name(),
        "about": (
            "Everything in this file is yours: what you wrote and recorded, and your "
            "settings. 'shared_by_partner' holds what your partner shares with you now. "
            "Keep the file somewhere only you can open."
        ),
        "account": sections.account(user),
        "couple": sections.couple(user),
        "safety": sections.safety(user),
        "measures": sections.measures(user),
        "daily_check_ins": sections.daily_check_ins(user),
        "promises": sections.promises(user),
        "conversations": sections_together.conversations(user),
        "journal": sections.journal(user),
        "self_care": sections.self_care(user),
        "program": sections.program(user),
        "repair_path": sections_together.repair_path(user),
        "reminders": sections.reminders(user),
        "therapist_access": sections.therapist_access(user),
        "security_events": sections.security_events(user),
        "shared_by_partner": shared_by_partner(user),
    }


def build_fhir(user, base_url=""):
    """The person's own questionnaire results as a FHIR R4 Bundle (a dict)."""
    keyring.warm([user.pk])
    own = Measure.objects.filter(owner=user).order_by("completed_at", "pk")
    bundle, _ = fhir.measures_bundle(own, base_url=base_url)
    return bundle


def as_bytes(document):
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def filename(user, kind):
    """A plain name for the file, with the person's own date: in discreet mode it names
    the neutral name, not Steadfast (IPV-8)."""
    name = "".join(c for c in app_name_for(user).lower() if c.isalnum()) or "data"
    return f"{name}-{kind}-{timezone.localdate().isoformat()}.json"
