"""huey tasks, found by `manage.py run_huey` (see steadfast/reminders/tasks.py).

A person's chart of a questionnaire over time is drawn when a new result is saved, by the
worker, so that the results page's image is already in the chart cache when they look:
drawing takes tens of milliseconds, which the page would otherwise wait for. It is the
same drawing, under the same key, that the chart's own URL would make (core.chartcache);
if the worker is behind, the page simply draws it itself.
"""

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from steadfast.accounts.models import User
from steadfast.accounts.timezones import zone_for
from steadfast.core import chartcache

from . import charts
from .definitions import get_instrument


@db_task(name="assessments.draw_own_chart")
def draw_own_chart(owner_id, instrument_key):
    from .views_over_time import _own_chart, own_title

    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        return False
    instrument = get_instrument(instrument_key)
    with timezone.override(zone_for(owner)):  # as the owner's own requests draw it
        _, chart = _own_chart(owner, instrument)
        if not chart.has_points:
            return False
        chartcache.cached_render(
            owner, "measure-history", charts.render_svg, chart, own_title(instrument)
        )
    return True


def draw_when_saved(measure):
    """Queue the drawing of `measure`'s owner's chart once the measure is committed; only
    with a worker (Redis): without one, huey would draw it inside the request."""
    from django.conf import settings

    if getattr(settings, "HUEY", {}).get("immediate", True):
        return
    owner_id, key = measure.owner_id, measure.instrument
    transaction.on_commit(lambda: draw_own_chart(owner_id, key))
