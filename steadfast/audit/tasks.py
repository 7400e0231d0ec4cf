"""huey tasks, found by `manage.py run_huey` (see steadfast/reminders/tasks.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import retention


@db_periodic_task(crontab(hour="3", minute="17"), name="audit.purge_old_events")
def purge_old_events_daily():
    retention.purge()
