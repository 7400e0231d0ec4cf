"""therapist_may_view and visible_to, table-driven: audience x grant x category.

A therapist sees a record only when its audience includes a therapist, its owner has
an accepted grant to this therapist, and the grant covers the record's category. The
per-record answer (can_view) and the queryset answer (visible_to) must always agree.
"""

from datetime import timedelta
from itertools import product

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from steadfast.assessments.models import Measure
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment
from steadfast.core.access import can_view, therapist_may_view, visible_to
from steadfast.core.models import Audience
from steadfast.core.testing import make_grant
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.practice import actions
from steadfast.practice.categories import CATEGORY_FIELDS, MODEL_CATEGORIES, Category
from steadfast.safety.models import CheckIn, SafetyPlan


def _measure(owner, audience, instrument="phq9"):
    return Measure.objects.create(
        owner=owner, audience=audience, instrument=instrument, version="1", answers={}, details={}
    )


def _daily(owner, audience, days_ago=0):
    day = timezone.localdate() - timedelta(days=days_ago)
    return DailyCheckIn.objects.create(
        owner=owner, audience=audience, day=day, trust=5, closeness=5, mood=5
    )


def _promise(owner, audience):
    return Commitment.objects.create(
        owner=owner, audience=audience, text="Call", kind="daily", start=timezone.localdate()
    )


MAKERS = {
    # name: (maker, category, audiences the model allows)
    "measure": (_measure, Category.MEASURES, Audience.values),
    "safety screen": (
        lambda o, a: _measure(o, a, instrument="hark"),
        Category.SAFETY,
        Audience.safety_audiences(),
    ),
    "daily check-in": (_daily, Category.CHECKINS, Audience.values),
    "promise": (_promise, Category.COMMITMENTS, Audience.values),
    "journal entry": (
        lambda o, a: Entry.objects.create(owner=o, audience=a, body="x"),
        Category.JOURNAL,
        Audience.values,
    ),
    "thought record": (
        lambda o, a: ThoughtRecord.objects.create(
            owner=o, audience=a, situation="s", thought="t", strength_before=50
        ),
        Category.JOURNAL,
        Audience.values,
    ),
    "safety check-in": (
        lambda o, a: CheckIn.objects.create(owner=o, audience=a, answers={}),
        Category.SAFETY,
        Audience.safety_audiences(),
    ),
    "safety plan": (
        lambda o, a: SafetyPlan.objects.create(owner=o, audience=a),
        Category.SAFETY,
        Audience.safety_audiences(),
    ),
}
GRANTS = ("none", "pending", "other categories", "this category", "everything but this")
CASES = [
    pytest.param(name, audience, grant, id=f"{name}-{audience}-{grant}")
    for name, (_, _, audiences) in MAKERS.items()
    for audience, grant in product(audiences, GRANTS)
]


def _grant(alice, theo, grant, category):
    if grant == "pending":
        make_grant(alice, theo, category, accepted=False)
    elif grant == "this category":
        make_grant(alice, theo, category)
    elif grant == "other categories":
        make_grant(alice, theo, *[c for c in CATEGORY_FIELDS if c != category][:1])
    elif grant == "everything but this":
        make_grant(alice, theo, *(c for c in CATEGORY_FIELDS if c != category))


@pytest.mark.parametrize(("name", "audience", "grant"), CASES)
def test_therapist_sees_a_record_only_by_audience_grant_and_category(
    name, audience, grant, personas
):
    alice, theo, tina = personas["alice"], personas["theo"], personas["tina"]
    maker, category, _ = MAKERS[name]
    record = maker(alice, audience)
    _grant(alice, theo, grant, category)
    expected = audience in Audience.therapist_audiences() and grant == "this category"

    assert therapist_may_view(theo, record) is expected
    assert can_view(theo, record) is expected
    found = visible_to(type(record).objects.all(), theo)
    assert list(found.values_list("pk", flat=True)) == ([record.pk] if expected else [])
    # Another therapist, with no grant at all, never sees it.
    assert not can_view(tina, record)
    assert not visible_to(type(record).objects.all(), tina).exists()


def test_the_table_names_real_personal_records():
    from django.apps import apps

    from steadfast.core.models import PersonalRecord

    for label in MODEL_CATEGORIES:
        assert issubclass(apps.get_model(label), PersonalRecord), label


def test_a_measure_grant_never_opens_a_safety_screen_nor_the_reverse(personas):
    alice, theo = personas["alice"], personas["theo"]
    phq9 = _measure(alice, Audience.THERAPIST)
    hark = _measure(alice, Audience.THERAPIST, instrument="hark")
    grant = make_grant(alice, theo, Category.MEASURES)

    assert list(visible_to(Measure.objects.all(), theo)) == [phq9]
    actions.change_categories(grant, {Category.SAFETY})
    assert list(visible_to(Measure.objects.all(), theo)) == [hark]


def test_each_partner_grants_separately(personas):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    hers, his = _daily(alice, "partner+therapist"), _daily(bob, "partner+therapist")
    make_grant(alice, theo, Category.CHECKINS)

    assert list(visible_to(DailyCheckIn.objects.all(), theo)) == [hers]
    assert not can_view(theo, his)


def test_revoking_takes_effect_on_the_next_check(personas):
    alice, theo = personas["alice"], personas["theo"]
    record = _daily(alice, Audience.THERAPIST)
    grant = make_grant(alice, theo, Category.CHECKINS)
    assert can_view(theo, record)

    actions.revoke(grant)

    assert not can_view(theo, record)
    assert not visible_to(DailyCheckIn.objects.all(), theo).exists()


def test_an_inactive_client_s_grant_shows_nothing(personas):
    alice, theo = personas["alice"], personas["theo"]
    record = _daily(alice, Audience.THERAPIST)
    make_grant(alice, theo, Category.CHECKINS)
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert not can_view(theo, record)
    assert not visible_to(DailyCheckIn.objects.all(), theo).exists()


def test_unmapped_models_are_never_shown_to_a_therapist(personas):
    from steadfast.selfcare.models import Activity

    alice, theo = personas["alice"], personas["theo"]
    activity = Activity.objects.create(owner=alice, text="Walk", audience=Audience.THERAPIST)
    make_grant(alice, theo, *CATEGORY_FIELDS)

    assert not can_view(theo, activity)
    assert not visible_to(Activity.objects.all(), theo).exists()


def test_visible_to_is_one_query_however_many_clients(personas):
    from steadfast.core.testing import make_person

    theo = personas["theo"]
    for n in range(12):
        client = make_person(f"client{n}")
        make_grant(client, theo, Category.CHECKINS)
        _daily(client, Audience.THERAPIST)

    with CaptureQueriesContext(connection) as queries:
        found = list(visible_to(DailyCheckIn.objects.all(), theo))

    assert len(found) == 12
    assert len(queries) == 1


def test_people_s_visibility_is_unchanged_by_grants(personas):
    """A person's visible_to never asks about grants: partners see what they did before."""
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    make_grant(alice, theo, *CATEGORY_FIELDS)
    shared, therapist_only = _daily(alice, "partner"), _daily(alice, "therapist", days_ago=1)

    assert list(visible_to(DailyCheckIn.objects.all(), bob)) == [shared]
    assert not can_view(bob, therapist_only)
