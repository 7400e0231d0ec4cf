"""The reminder job on huey's queue, and how settings choose the queue.

With `REDIS_URL` set, settings configure a RedisHuey and `manage.py run_huey` runs the
periodic task every minute; it calls the same job as `manage.py send_reminders`.
Without Redis, huey runs in immediate mode (no consumer; cron runs the command).
"""

import os
import socket
import subprocess  # noqa: S404  (runs this project's own Python, with fixed arguments)
import sys
import uuid
from datetime import datetime, time

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import get_commands
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from steadfast.reminders import tasks
from steadfast.reminders.models import ReminderSent

from .conftest import person, promise

TASK_NAME = "reminders.send_due_reminders"
TEST_REDIS = "redis://127.0.0.1:6379/15"


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def periodic_names(at):
    return [task.name for task in HUEY.read_periodic(at)]


@pytest.mark.parametrize("minute", [(0, 0), (7, 13), (19, 0), (23, 59)])
def test_the_reminder_task_is_due_every_minute(minute):
    assert TASK_NAME in periodic_names(datetime(2026, 11, 27, *minute))


def test_huey_knows_the_task_and_the_consumer_command():
    assert tasks.send_due_reminders_every_minute.name == TASK_NAME
    assert "run_huey" in get_commands()


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_goes_through_redis_and_sends_the_reminders(monkeypatch):
    """What the consumer does each minute, in-process: the scheduler enqueues the due
    periodic tasks, a worker dequeues and executes them."""
    storage = RedisStorage(f"steadfast-test-{uuid.uuid4().hex}", url=TEST_REDIS)
    monkeypatch.setattr(HUEY, "immediate", False)
    monkeypatch.setattr(HUEY, "storage", storage)
    alice = person("alice", remind_at=time(0, 0))  # due all day long, whenever this runs
    promise(alice)
    try:
        for task in HUEY.read_periodic(datetime(2026, 11, 27, 19, 0)):
            if task.name == TASK_NAME:
                HUEY.enqueue(task)
        assert HUEY.pending_count() == 1
        assert mail.outbox == []

        HUEY.execute(HUEY.dequeue())

        assert HUEY.pending_count() == 0
        assert [message.to for message in mail.outbox] == [[alice.email]]
        assert ReminderSent.objects.filter(person=alice).count() == 2
    finally:
        storage.flush_all()


HUEY_SCRIPT = """
import django
django.setup()
from huey.contrib.djhuey import HUEY
print(type(HUEY).__name__, HUEY.name, HUEY.immediate)
kwargs = getattr(getattr(HUEY.storage, "pool", None), "connection_kwargs", {})
print(kwargs.get("host"), kwargs.get("port"), kwargs.get("db"))
"""


def huey_in_a_fresh_process(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "HUEY_NAME"}}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", HUEY_SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_settings_use_redis_huey_only_with_redis_url():
    with_redis = huey_in_a_fresh_process(REDIS_URL=TEST_REDIS, HUEY_NAME="steadfast-check")
    without = huey_in_a_fresh_process()

    assert with_redis == ["RedisHuey steadfast-check False", "127.0.0.1 6379 15"]
    assert without[0] == "MemoryHuey steadfast True"
