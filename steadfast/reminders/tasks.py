"""huey tasks, found by `manage.py run_huey` (see README, "Reminders and calendar feed").

With Redis configured, the consumer runs the reminder job every minute. It is the same
function `manage.py send_reminders` runs, so cron and the worker can even overlap.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import jobs


@db_periodic_task(crontab(minute="*"), name="reminders.send_due_reminders")
def send_due_reminders_every_minute():
    jobs.send_due_reminders()
