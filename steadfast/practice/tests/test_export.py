"""The therapist's FHIR export: only what the client granted, logged, and valid R4B."""

import json
import uuid

from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.core.testing import make_grant
from steadfast.practice.models import AccessRead


def _measure(person, key, values, audience="therapist"):
    answers = dict(enumerate(values, start=1))
    measure = measure_actions.record_measure(
        person, get_instrument(key), answers, submission_key=uuid.uuid4()
    )
    return measure_actions.share_measure(measure, audience)


def _export(client, grant):
    response = client.get(reverse("practice:export", args=[grant.key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    data = json.loads(response.content)
    Bundle.model_validate(data)  # parses with fhir.resources
    return data


def _keys(bundle):
    return {entry["resource"]["id"] for entry in bundle["entry"]}


def test_only_granted_therapist_audience_measures(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, "measures")
    shared = _measure(alice, "gad7", [1, 1, 1, 1, 1, 1, 1])
    both = _measure(alice, "gad7", [2, 2, 2, 2, 2, 2, 2], audience="partner+therapist")
    _measure(alice, "gad7", [0, 0, 0, 0, 0, 0, 0], audience="private")
    _measure(alice, "gad7", [3, 3, 3, 3, 3, 3, 3], audience="partner")
    _measure(personas["bob"], "gad7", [1, 1, 1, 1, 1, 1, 1])

    bundle = _export(therapist_for(theo), grant)

    assert bundle["type"] == "collection"
    assert _keys(bundle) == {str(shared.submission_key), str(both.submission_key)}
    logged = set(AccessRead.objects.filter(client=alice).values_list("record_key", flat=True))
    assert logged == _keys(bundle)


def test_phq9_item_9_only_with_the_safety_grant(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, "measures")
    _measure(alice, "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 2])
    theo_client = therapist_for(theo)

    items = _export(theo_client, grant)["entry"][0]["resource"]["item"]
    assert "9" not in {item["linkId"] for item in items}

    grant.safety = True
    grant.save()
    items = _export(theo_client, grant)["entry"][0]["resource"]["item"]
    assert "9" in {item["linkId"] for item in items}


def test_no_grant_or_no_measures_category_is_404(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, "checkins")
    url = reverse("practice:export", args=[grant.key])

    assert therapist_for(theo).get(url).status_code == 404
    assert therapist_for(personas["tina"]).get(url).status_code == 404
    assert not AccessRead.objects.exists()


def test_revoking_is_immediate(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, "measures")
    theo_client = therapist_for(theo)
    url = reverse("practice:export", args=[grant.key])
    assert theo_client.get(url).status_code == 200

    grant.delete()

    assert theo_client.get(url).status_code == 404
