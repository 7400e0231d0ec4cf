"""Events older than STEADFAST_AUDIT_DAYS are deleted, nightly (huey) or by command (cron)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from huey.contrib.djhuey import HUEY

from steadfast import audit
from steadfast.audit import retention, tasks
from steadfast.audit.models import Event, Kind

pytestmark = pytest.mark.django_db
NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def aged(alice, time_machine):
    """Events 400, 366, 364 and 1 days old (one of them an anonymous erasure)."""
    for days, user, kind in (
        (400, alice, Kind.LOGIN),
        (366, None, Kind.ACCOUNT_ERASED),
        (364, alice, Kind.PASSWORD_CHANGED),
        (1, alice, Kind.LOGOUT),
    ):
        time_machine.move_to(NOW - timedelta(days=days), tick=False)
        audit.record(user, kind)
    time_machine.move_to(NOW, tick=False)


def left():
    return sorted(Event.objects.values_list("kind", flat=True))


def test_the_default_is_a_year(settings):
    import config.settings as project_settings

    assert project_settings.STEADFAST_AUDIT_DAYS == settings.STEADFAST_AUDIT_DAYS == 365


def test_events_older_than_the_period_are_deleted(aged):
    assert retention.purge() == 2
    assert left() == [Kind.LOGOUT, Kind.PASSWORD_CHANGED]


def test_a_shorter_period(aged, settings):
    settings.STEADFAST_AUDIT_DAYS = 30

    assert retention.purge() == 3
    assert left() == [Kind.LOGOUT]


def test_zero_keeps_everything(aged, settings):
    settings.STEADFAST_AUDIT_DAYS = 0

    assert retention.purge() == 0
    assert Event.objects.count() == 4


def test_the_command_says_what_it_did(aged):
    out = StringIO()
    call_command("purge_security_events", stdout=out)

    assert out.getvalue().strip() == "2 security events deleted (kept 365 days)."
    assert Event.objects.count() == 2


def test_huey_runs_it_every_night_and_only_then():
    name = tasks.purge_old_events_daily.name
    assert name == "audit.purge_old_events"
    due = [task.name for task in HUEY.read_periodic(datetime(2030, 6, 1, 3, 17))]
    assert name in due
    for other in (datetime(2030, 6, 1, 3, 18), datetime(2030, 6, 1, 15, 17)):
        assert name not in [task.name for task in HUEY.read_periodic(other)]


def test_the_task_purges(aged):
    tasks.purge_old_events_daily.call_local()

    assert Event.objects.count() == 2
