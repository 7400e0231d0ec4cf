"""What the couple view's kept copy is checked against on every request: one query.

The couple view (views.overview) is kept whole in the section cache. Before a kept copy
is shown, what it depends on is read fresh, so that a promise made private, a shared
check-in changed or withdrawn, or an unlink shows at once even if a cache invalidation
was lost. Read through the ORM that was four queries and most of the page's time, so it
is one hand-written statement here instead, returning rows of three kinds:

    PERSON   (kind, person id, display name, -, -)          both members of the couple
    PROMISE  (kind, owner id, id, audience, status|updated)  promises shared between them
    CHECKINS (kind, owner id, window, count, sums)          for each window (14 and 30
             days), the number of daily check-ins the owner shared and the sums of their
             scores: exactly what the page's averages are made of, so the check-in part
             of a kept copy can never differ from one built now

It only decides whether the kept copy may be shown: what the page shows is always read
through the access functions (commitments.access, checkins.access, core.access). The
tests (tests/test_snapshot.py) hold the rows equal to what those functions let the
viewer see, case by case, so the two cannot drift apart unnoticed. Values are cast to
text so that the kinds fit one UNION ALL, on SQLite and PostgreSQL alike.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.db import connection

from steadfast.checkins.models import SCALES, DailyCheckIn
from steadfast.checkins.views import WINDOWS
from steadfast.commitments.models import Commitment
from steadfast.core.models import Audience
from steadfast.couples.models import Membership

PERSON, PROMISE, CHECKINS = "0", "1", "2"


@dataclass(frozen=True)
class Snapshot:
    partner_id: int | None
    partner_name: str
    # Sorted tuples of text, as read.
    rows: tuple

    @property
    def promises(self):
        """The shared promises' rows alone (the promises part's own key)."""
        return [row for row in self.rows if row[0] == PROMISE]

    @property
    def digest(self):
        """What the kept copy's key is made of: a hash of every row (json is unambiguous
        whatever a name holds, and quicker than walking the rows value by value)."""
        return hashlib.sha256(json.dumps(self.rows).encode()).hexdigest()


@cache
def _statement():
    members = Membership._meta.db_table
    users = Membership._meta.get_field("person").related_model._meta.db_table
    promises = Commitment._meta.db_table
    checkins = DailyCheckIn._meta.db_table
    shared = ", ".join(["%s"] * len(Audience.partner_audiences()))

    def text(column):
        return f"CAST({column} AS TEXT)"

    def window():
        within = "d.day > %s"  # the window's first day, a parameter
        parts = [f"SUM(CASE WHEN {within} THEN 1 ELSE 0 END)"]
        parts += [f"SUM(CASE WHEN {within} THEN d.{name} ELSE 0 END)" for name in SCALES]
        return " || ',' || ".join(text(part) for part in parts)

    windows = " || ';' || ".join(window() for _ in WINDOWS)
    # Table and column names come from the models; every value is a parameter.
    return f"""
        WITH pair AS (
            SELECT person_id FROM {members}
            WHERE couple_id = (SELECT couple_id FROM {members} WHERE person_id = %s)
        )
        SELECT '{PERSON}', u.id, u.display_name, NULL, NULL
        FROM {users} u WHERE u.id IN (SELECT person_id FROM pair)
        UNION ALL
        SELECT '{PROMISE}', c.owner_id, {text("c.id")}, c.audience,
               c.status || '|' || {text("c.updated_at")}
        FROM {promises} c
        WHERE c.owner_id IN (SELECT person_id FROM pair) AND c.audience IN ({shared})
        UNION ALL
        SELECT '{CHECKINS}', d.owner_id, {windows}, NULL, NULL
        FROM {checkins} d
        WHERE d.owner_id IN (SELECT person_id FROM pair) AND d.audience IN ({shared})
          AND d.day > %s
        GROUP BY d.owner_id
    """  # noqa: S608  # nosec B608  (identifiers from the models; values are parameters)


def read(viewer, day):
    """The viewer's couple as the kept copy depends on it, as of `day` (the viewer's
    today). A check-in counts in a window of N days when its day > day - N, as in
    checkins.access.shared_checkins."""
    audiences = list(Audience.partner_audiences())
    firsts = [day - timedelta(days=days) for days in WINDOWS]
    window_params = [first for first in firsts for _ in range(1 + len(SCALES))]
    params = [viewer.pk, *audiences, *window_params, *audiences, min(firsts)]
    with connection.cursor() as cursor:
        cursor.execute(_statement(), params)
        found = cursor.fetchall()
    partner = [row for row in found if row[0] == PERSON and row[1] != viewer.pk]
    if not partner:
        return Snapshot(None, "", ())
    rows = tuple(sorted(tuple("" if v is None else str(v) for v in row) for row in found))
    return Snapshot(partner[0][1], partner[0][2], rows)
