"""The pages the benchmark renders, requested as a loaded couple and therapist 0 would."""

import uuid

from django.test import Client
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.assessments.models import Measure
from steadfast.conversations.models import Conversation
from steadfast.core.testing import pass_second_step
from steadfast.loadtest import load
from steadfast.practice.models import Grant

HTMX = {"HX-Request": "true"}
INSTRUMENT = "rses"


def person(couple=0, side="a"):
    return User.objects.get(email=load.person_email(couple, side))


def therapist(number=0):
    return User.objects.get(email=load.therapist_email(number))


def logged_in(user):
    client = Client()
    client.force_login(user)
    if user.is_therapist:
        pass_second_step(client, user)
    return client


def requests_for(viewer, doctor):
    """[(name, method, path, data, headers)] for one person of couple 0 and therapist 0."""
    measure = (
        Measure.objects.filter(owner=viewer, instrument=INSTRUMENT)
        .order_by("-completed_at", "-pk")
        .first()
    )
    talk = Conversation.objects.filter(owner=viewer).order_by("-created_at").first()
    if talk is None:
        talk = Conversation.objects.filter(partner=viewer).order_by("-created_at").first()
    grant = Grant.objects.get(client=viewer, therapist=doctor)
    checkin = {
        "submission_key": str(uuid.uuid4()),
        "day": timezone.localdate().isoformat(),
        "trust": "6",
        "closeness": "7",
        "mood": "5",
        "note": "A steadier day.",
        "audience": "partner",
    }
    coach = {"text": "You never listen to me.", "conversation": str(talk.key)}
    return [
        ("home", "get", "/home/", None, {}),
        ("couple view", "get", "/together/", None, {}),
        ("measure result", "get", f"/measures/results/{measure.submission_key}/", None, {}),
        ("measure history", "get", f"/measures/{INSTRUMENT}/history/", None, {}),
        ("measure chart", "get", f"/measures/{INSTRUMENT}/history.svg", None, {}),
        ("check-in page", "get", "/daily/", None, {}),
        ("check-in post", "post", "/daily/", checkin, {}),
        ("coach", "post", "/talk/coach/", coach, HTMX),
        ("promises", "get", "/promises/", None, {}),
        ("dashboard", "get", "/practice/", None, {"therapist": True}),
        ("summary", "get", f"/practice/couples/{grant.key}/summary/", None, {"therapist": True}),
    ]


def send(clients, request):
    """The response to one request: as the therapist when its headers say so."""
    name, method, path, data, headers = request
    headers = dict(headers)
    client = clients["therapist"] if headers.pop("therapist", False) else clients["person"]
    if method == "post":
        return client.post(path, data, headers=headers)
    return client.get(path, headers=headers)
