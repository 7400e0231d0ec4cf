"""The caseload's rows kept in the section cache (practice.dashboard.table): after each
change the page reads as one built from scratch, and the access log gets the same rows."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from steadfast.assessments import battery
from steadfast.assessments.models import Measure, Schedule
from steadfast.core.testing import (
    make_grant,
    make_personas,
    page_text,
    strip_csrf,
)
from steadfast.practice import dashboard
from steadfast.practice.actions import REPEAT_READ_MINUTES
from steadfast.practice.categories import Category
from steadfast.practice.models import AccessRead

from .test_dashboard import phq9

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"}}


@pytest.fixture
def caseload(transactional_db):
    with override_settings(STEADFAST_SECTION_CACHE=True, CACHES=CACHES):
        cache.clear()
        people = make_personas()
        alice, bob, theo = people["alice"], people["bob"], people["theo"]
        phq9(alice, [2, 2, 1, 0, 0, 0, 0, 0, 1])
        phq9(bob, [1, 0, 0, 0, 0, 0, 0, 0, 0])
        grants = {
            "alice": make_grant(alice, theo, Category.MEASURES, Category.SAFETY),
            "bob": make_grant(bob, theo, Category.MEASURES),
        }
        yield people, grants
        cache.clear()


def page(client):
    response = client.get("/practice/")
    assert response.status_code == 200
    return strip_csrf(page_text(response))


def built_from_scratch(client):
    with override_settings(STEADFAST_SECTION_CACHE=False):
        return page(client)


@pytest.fixture
def builds(monkeypatch):
    calls = []
    real = dashboard.fill

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "fill", counting)
    return calls


def test_a_reload_is_served_from_the_cache_and_logs_the_same_records(
    caseload, therapist_for, builds, monkeypatch
):
    people, _ = caseload
    theo = therapist_for(people["theo"])
    logged = []
    real = dashboard.table

    def spy(*args, **kwargs):
        html, shown = real(*args, **kwargs)
        logged.append(sorted(shown))
        assert "csrfmiddlewaretoken" not in html  # the cached rows hold no token
        return html, shown

    monkeypatch.setattr(dashboard, "table", spy)
    first = page(theo)
    again = page(theo)

    assert again == first
    assert len(builds) == 1
    assert logged[0] == logged[1] and logged[0]  # the same records, from the cache
    assert "Not shared" in first and "No flags" not in first  # Bob's and Alice's safety cells
    assert AccessRead.objects.filter(client=people["alice"]).exists()


@pytest.mark.parametrize(
    "change", ["new result", "result deleted", "schedule changed", "safety category withdrawn"]
)
def test_after_each_change_the_caseload_reads_as_if_built_from_scratch(
    caseload, therapist_for, change
):
    people, grants = caseload
    alice = people["alice"]
    theo = therapist_for(people["theo"])
    before = page(theo)

    if change == "new result":
        phq9(alice, [3, 3, 3, 3, 3, 3, 0, 0, 0])
    elif change == "result deleted":
        Measure.objects.filter(owner=alice).get().delete()
    elif change == "schedule changed":
        due = next(key for key in battery.default_battery() if key != "phq9")  # never taken
        Schedule.objects.update_or_create(
            owner=alice, instrument=due, defaults={"interval_days": 30, "active": False}
        )
    elif change == "safety category withdrawn":
        grant = grants["alice"]
        grant.safety = False
        grant.save()

    after = page(theo)
    assert after == built_from_scratch(theo), change
    assert after != before, change
    if change == "safety category withdrawn":
        assert "No flags" not in before and "No flags" not in after
        assert after.count("Not shared") == before.count("Not shared") + 1


# --- The pre-session summary, kept the same way (views_summary._page) ----------------------


def summary_page(client, grant):
    response = client.get(f"/practice/couples/{grant.key}/summary/")
    assert response.status_code == 200
    return strip_csrf(page_text(response))


@pytest.fixture
def summary_builds(monkeypatch):
    from steadfast.practice import summary

    calls = []
    real = summary.build

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(summary, "build", counting)
    return calls


@pytest.mark.parametrize(
    "change", ["check-in shared", "check-in made private", "promise marked", "category withdrawn"]
)
def test_the_summary_after_each_change_reads_as_if_built_from_scratch(
    caseload, therapist_for, summary_builds, change
):
    from steadfast.checkins.tests.conftest import entry
    from steadfast.commitments.models import Mark
    from steadfast.commitments.tests.conftest import promise

    people, grants = caseload
    alice, bob = people["alice"], people["bob"]
    for grant in grants.values():  # both partners share check-ins and promises too
        grant.checkins = grant.commitments = True
        grant.save()
    shared = entry(alice, audience="partner+therapist", trust=2, closeness=3, mood=4)
    kept = promise(bob, text="Walk together on Sundays", audience="partner+therapist")
    theo = therapist_for(people["theo"])
    before = summary_page(theo, grants["alice"])
    assert summary_page(theo, grants["alice"]) == before and len(summary_builds) == 1
    reads = AccessRead.objects.count()

    if change == "check-in shared":
        entry(bob, audience="therapist", trust=9, closeness=9, mood=9)
    elif change == "check-in made private":
        shared.audience = "private"
        shared.save()
    elif change == "promise marked":
        Mark.objects.create(commitment=kept, owner=bob, day=kept.start, done=True)
    elif change == "category withdrawn":
        grants["alice"].checkins = False
        grants["alice"].save()

    after = summary_page(theo, grants["alice"])
    assert after == built_from_scratch_summary(theo, grants["alice"]), change
    assert after != before, change
    assert AccessRead.objects.count() >= reads  # logged from the cache too (not repeated
    # within 15 minutes: actions.REPEAT_READ_MINUTES)


def built_from_scratch_summary(client, grant):
    with override_settings(STEADFAST_SECTION_CACHE=False):
        return summary_page(client, grant)


def test_a_summary_served_from_the_cache_still_logs_its_reads(caseload, therapist_for):
    people, grants = caseload
    theo = therapist_for(people["theo"])
    summary_page(theo, grants["alice"])
    first = AccessRead.objects.count()
    assert first and summary_page(theo, grants["alice"])
    assert AccessRead.objects.count() == first  # a reload within 15 minutes: not again
    later = timezone.now() + timedelta(minutes=REPEAT_READ_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        summary_page(theo, grants["alice"])  # (the cached summary is rebuilt by then)
    assert AccessRead.objects.count() == 2 * first
    logged = set(AccessRead.objects.values_list("client_id", flat=True))
    assert logged == {people["alice"].pk, people["bob"].pk}
