"""The caseload dashboard: per client, from granted records only, the latest score of each
questionnaire, reliable change since intake and since the last session, cut-off crossings,
measures due or overdue, and safety flags where the safety grant allows.

"The last session" is the later of the date the therapist set on the grant and the latest
session date on the therapist's own notes about the client (`notes.last_session_dates`).

Query-bounded: every table is read once for the whole caseload (records through
`visible_to`, which applies audience, grant and category in SQL) and the rest is worked out
here in Python. Nothing a client kept private, shared with the partner only, or left out of
the grant is loaded, so none of it can move a number.

History-bounded: of each client's results of each questionnaire only the few a row can
show are loaded (`landmarks`: the first, the latest two, the latest before the last
session, and the latest of any result for "due"), chosen in SQL with window functions, so
a year of monthly results costs what a month of them does.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.timezone import template_localtime

from steadfast.assessments import battery, definitions, interpretation
from steadfast.assessments.models import Measure, Schedule
from steadfast.core import keyring, sections
from steadfast.core.access import visible_to

from . import notes

# A measure is "due" from the day it falls due, "overdue" this many days later.
OVERDUE_AFTER_DAYS = 7
# What a safety-granted dashboard loads of a measure: the summary plus the sealed details
# (where item 9's flag and a screen's result live), never the answers.
DETAILED = (
    "id",
    "owner_id",
    "audience",
    "instrument",
    "version",
    "total",
    "mean",
    "band",
    "completed_at",
    "submission_key",
    "details",
)


def scored_condition():
    """The SQL condition of a result that has a score (`interpretation.score_of` is not
    None): the mean of a mean-scored questionnaire, the total of any other."""
    means = [key for key, i in definitions.all_instruments().items() if i.method == "mean"]
    return Q(instrument__in=means, mean__isnull=False) | (
        ~Q(instrument__in=means) & Q(total__isnull=False)
    )


def _flag(condition, *, as_int=False):
    """1/0 (or True/False) for each row, as an SQL expression."""
    if as_int:
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def landmarks(queryset, session_starts, chart_start=None):
    """The results in `queryset` (measures, any owners, already narrowed to what the viewer
    may see) that a dashboard row or a summary's table can show: per owner and
    questionnaire, among the scored results, the first (intake), the latest two (the latest
    and the one it is compared with for a cut-off crossing) and the latest before that
    owner's last session (`session_starts`: {owner id: aware datetime or None}); among the
    unscored ones the latest (a measure is due from the latest result of any kind). With
    `chart_start`, also the latest result before it: what a chart from then on compares its
    first point with. A few rows per questionnaire, however long the history.

    One query. Inside it, the visible rows' ids, owners, questionnaires and dates (as
    Django writes them for `queryset`) are numbered within each owner's results of each
    questionnaire, newest first, with running counts of the results before the session
    and before the chart: those come last, newest first, so the row where a count reaches
    1 is the latest of them, and the row with no older one is the first. SQLite 3.28+
    and PostgreSQL both have these window functions. The chosen rows are then read by id,
    with the columns `queryset` loads."""
    columns = {
        "m_id": F("pk"),
        "m_owner": F("owner_id"),
        "m_instrument": F("instrument"),
        "m_at": F("completed_at"),
        "m_scored": _flag(scored_condition()),
    }
    ranks = ["ROW_NUMBER() OVER w AS m_latest", "LEAD(m_id) OVER w AS m_older"]
    wanted = ["m_latest <= 2", "m_older IS NULL"]
    extra = []  # parameters of the ranks, after those of the rows
    starts = [(owner_id, start) for owner_id, start in session_starts.items() if start]
    connection = connections[queryset.db]
    adapt = connection.ops.adapt_datetimefield_value
    if starts:
        # Each owner's session start, as a CASE over the owner (one branch per client).
        branches = " ".join("WHEN %s THEN %s" for _ in starts)
        ranks.append(
            f"SUM(CASE WHEN m_at < (CASE m_owner {branches} END) THEN 1 ELSE 0 END) "
            "OVER w AS m_by_session"
        )
        extra += [value for owner_id, start in starts for value in (owner_id, adapt(start))]
        wanted.append("m_by_session = 1")
    if chart_start is not None:
        ranks.append("SUM(CASE WHEN m_at < %s THEN 1 ELSE 0 END) OVER w AS m_by_chart")
        extra.append(adapt(chart_start))
        wanted.append("m_by_chart = 1")
    try:
        query = queryset.order_by().values(**columns).query
        rows, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # nobody's results can be visible: nothing to read
        return []
    # Only constant SQL and Django's own compiled query here; every value is a parameter.
    chosen = (
        f"SELECT m_id FROM (SELECT m_id, {', '.join(ranks)} FROM ({rows}) m_rows "  # noqa: S608  # nosec B608
        "WINDOW w AS (PARTITION BY m_owner, m_instrument, m_scored "
        f"ORDER BY m_at DESC, m_id DESC)) m_ranked WHERE {' OR '.join(wanted)}"
    )
    return list(queryset.filter(pk__in=RawSQL(chosen, (*extra, *params))))  # noqa: S611  # nosec B611


def session_start(day):
    """The aware moment a session day began (results from then on are "since the session")."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class InstrumentRow:
    instrument: object
    latest: object  # Measure
    score: float
    band: str
    since_intake: object = None  # interpretation.ChangeReport or None
    since_session: object = None
    crossing: str = ""
    results: list = field(default_factory=list)  # oldest first

    @property
    def name(self):
        return self.instrument.short_name

    def line(self):
        """The row's words on the dashboard, as HTML: made here rather than in the
        template, where 50 clients' rows of them were most of the page's time."""
        band = format_html(" ({})", self.band) if self.band else ""
        crossing = format_html(" <strong>{}.</strong>", self.crossing) if self.crossing else ""
        return format_html(
            "<strong>{}</strong> {}{}, {}. Since intake: {}. Since last session: {}.{}",
            self.name,
            floatformat(self.score, "-2"),
            band,
            day_month(self.latest.completed_at),
            change_words(self.since_intake),
            change_words(self.since_session),
            crossing,
        )


def day_month(moment, with_year=False):
    """An aware moment as the template's `date:"j M"` (or `"j M Y"`) writes it: in the
    current time zone, the day and the month's short name (`MONTHS_3`, as the filter
    takes it). Written out here: the general formatter was a sixth of the page."""
    local = template_localtime(moment)
    words = f"{local.day} {str(MONTHS_3[local.month]).title()}"
    return f"{words} {local.year}" if with_year else words


class Links:
    """The addresses of a row's links: each URL name reversed once per page and the key
    put in, instead of 200 `reverse()` calls for 50 clients (the same addresses)."""

    MARKER = uuid.UUID(int=0)

    def __init__(self):
        self._shapes = {}

    def __call__(self, name, key):
        if name not in self._shapes:
            before, after = reverse(name, args=[self.MARKER]).split(str(self.MARKER))
            self._shapes[name] = before, after
        before, after = self._shapes[name]
        return f"{before}{key}{after}"


def change_between(instrument, before, after):
    """A ChangeReport between two measures of one instrument; None if not comparable."""
    if before is None or after is None or before.pk == after.pk:
        return None
    if before.version != after.version:
        return None
    first = interpretation.score_of(instrument, before.total, before.mean)
    second = interpretation.score_of(instrument, after.total, after.mean)
    if first is None or second is None:
        return None
    return interpretation.describe_change(instrument, first, second)


def change_words(report):
    """ "−6 (reliable improvement)"; a dash when there is nothing to compare."""
    if report is None:
        return "–"
    moved = report.difference
    size = interpretation.format_score(abs(moved))
    sign = "+" if moved > 0 else "−" if moved < 0 else "±"
    if report.direction == "same":
        judged = "no change"
    elif report.reliable is None:
        judged = "can't be judged"
    elif report.reliable:
        judged = f"reliably {report.direction}"
    else:
        judged = "within ordinary ups and downs"
    return f"{sign}{size} ({judged})"


def crossing_words(instrument, before, after):
    """Which way the latest result crossed the cut-off since the one before, or ""."""
    cutoff = instrument.cutoff
    if not cutoff or before is None or after is None:
        return ""
    from steadfast.assessments.reliable_change import troubled

    first = interpretation.score_of(instrument, before.total, before.mean)
    second = interpretation.score_of(instrument, after.total, after.mean)
    if first is None or second is None:
        return ""
    was = troubled(first, cutoff["value"], instrument.lower_is_better)
    now = troubled(second, cutoff["value"], instrument.lower_is_better)
    if was == now:
        return ""
    label = cutoff.get("label") or "the cut-off"
    return f"Crossed out of {label}" if was else f"Crossed into {label}"


def instrument_rows(results, last_session_on):
    """One InstrumentRow per instrument in `results` (one person's measures, any order)."""
    known = definitions.all_instruments()
    by_instrument = defaultdict(list)
    for measure in results:
        instrument = known.get(measure.instrument)
        if instrument is None:
            continue
        if interpretation.score_of(instrument, measure.total, measure.mean) is None:
            continue
        by_instrument[measure.instrument].append(measure)
    start = session_start(last_session_on)
    rows = []
    for key, found in by_instrument.items():
        instrument = known[key]
        found.sort(key=lambda m: (m.completed_at, m.pk))
        latest = found[-1]
        before_session = [m for m in found if start is not None and m.completed_at < start]
        baseline = before_session[-1] if before_session else None
        rows.append(
            InstrumentRow(
                instrument=instrument,
                latest=latest,
                score=interpretation.score_of(instrument, latest.total, latest.mean),
                band=latest.band,
                since_intake=change_between(instrument, found[0], latest),
                since_session=change_between(instrument, baseline, latest),
                crossing=crossing_words(instrument, found[-2] if len(found) > 1 else None, latest),
                results=found,
            )
        )
    order = {i.key: n for n, i in enumerate(battery.offered_instruments())}
    rows.sort(key=lambda row: (order.get(row.instrument.key, len(order)), row.name.lower()))
    return rows


def due_words(saved, offered, defaults, last, now):
    """[(instrument, "due"/"overdue", since)] from a person's saved schedule rows, with the
    default battery where they saved none. `last`: {instrument key: last granted result}."""
    found = []
    for instrument in offered:
        row = saved.get(instrument.key)
        if row is None:
            row = Schedule(
                instrument=instrument.key,
                interval_days=defaults.get(instrument.key),
                active=instrument.key in defaults,
            )
        when = last.get(instrument.key)
        if not row.is_due(when, now):
            continue
        due_at = row.next_due(when)
        if due_at is None:
            found.append((instrument, "due", None))
        else:
            late = now - due_at >= timedelta(days=OVERDUE_AFTER_DAYS)
            found.append((instrument, "overdue" if late else "due", due_at))
    return found


@dataclass
class ClientSummary:
    grant: object
    instruments: list = field(default_factory=list)
    due: list = field(default_factory=list)
    safety_flags: list = field(default_factory=list)  # [(words, when)]
    noted_session: object = None  # the latest session date on the therapist's notes
    last_session: object = None  # the later of that and the grant's last_session_on

    links: dict = field(default_factory=dict)  # URL name -> this client's address

    @property
    def access_since(self):
        return day_month(self.grant.accepted_at, with_year=True)

    # The list items of the page, as HTML (see InstrumentRow.line).
    def score_lines(self):
        return [row.line() for row in self.instruments]

    def due_lines(self):
        return [
            format_html(
                "{}: {}{}",
                instrument.short_name,
                state,
                format_html(" since {}", day_month(since)) if since else "",
            )
            for instrument, state, since in self.due
        ]

    def safety_lines(self):
        return [
            format_html("<strong>{}</strong>, {}", words, day_month(when))
            for words, when in self.safety_flags
        ]


def _warm_data_keys(owner_ids):
    keyring.warm(owner_ids)


def summaries(therapist, grants, now=None):
    """{client id: ClientSummary} for these grants, and the records shown (for the log).

    A constant number of queries however many grants and however long their history:
    measures (one query, two when some clients granted safety data; only the `landmarks`
    a row shows), schedules, the latest safety check-in where granted, and the session
    dates on the therapist's notes (one query)."""
    now = now or timezone.now()
    result = frame(therapist, grants, now)
    return result, fill(therapist, result, now)


def frame(therapist, grants, now):
    """{client id: ClientSummary} with what every row shows besides the client's data: the
    grant and the last session (one query, the therapist's notes)."""
    result = {grant.client_id: ClientSummary(grant=grant) for grant in grants}
    noted = notes.last_session_dates(therapist, list(result), until=timezone.localdate(now))
    for client_id, summary in result.items():
        summary.noted_session = noted.get(client_id)
        days = [d for d in (summary.grant.last_session_on, summary.noted_session) if d]
        summary.last_session = max(days, default=None)
    return result


def fill(therapist, result, now):
    """Fill each ClientSummary of `frame` with its links and the client's granted data:
    scores, change, due questionnaires, safety flags. Returns the records shown (for the
    access log)."""
    from steadfast.safety.models import CheckIn as SafetyCheckIn

    grants = [summary.grant for summary in result.values()]
    links = Links()
    for summary in result.values():
        summary.links = {
            name: links(f"practice:{name}", summary.grant.key)
            for name in ("client", "couple_summary", "client_summary", "session_date")
        }
    shown = []
    measured = [g.client_id for g in grants if g.measures or g.safety]
    safe = {g.client_id for g in grants if g.safety}
    measures = []
    if measured:
        starts = {
            client_id: session_start(summary.last_session) for client_id, summary in result.items()
        }
        base = visible_to(Measure.objects.filter(owner_id__in=measured), therapist)
        plain = [pk for pk in measured if pk not in safe]
        if plain:
            measures += landmarks(base.filter(owner_id__in=plain).summaries(), starts)
        if safe:
            _warm_data_keys(safe)
            measures += landmarks(base.filter(owner_id__in=safe).only(*DETAILED), starts)
    by_owner = defaultdict(list)
    for measure in measures:
        by_owner[measure.owner_id].append(measure)
    schedules = defaultdict(dict)
    scheduled = [g.client_id for g in grants if g.measures]
    if scheduled:
        for row in Schedule.objects.filter(owner_id__in=scheduled):
            schedules[row.owner_id][row.instrument] = row
    offered = battery.offered_instruments()
    defaults = battery.default_battery()
    checkins = defaultdict(list)
    if safe:
        # Only each client's latest check-in (its sealed answers are opened on loading).
        latest = Window(
            RowNumber(),
            partition_by=[F("owner_id")],
            order_by=[F("completed_at").desc(), F("pk").desc()],
        )
        for entry in (
            visible_to(SafetyCheckIn.objects.filter(owner_id__in=safe), therapist)
            .annotate(_latest=latest)
            .filter(_latest=1)
        ):
            checkins[entry.owner_id].append(entry)
    for client_id, summary in result.items():
        grant = summary.grant
        rows = instrument_rows(by_owner[client_id], summary.last_session)
        summary.instruments = rows
        start = session_start(summary.last_session)
        for row in rows:
            earlier = [m for m in row.results if start is not None and m.completed_at < start]
            used = [row.results[0], row.latest, *row.results[-2:-1], *earlier[-1:]]
            shown.extend({m.pk: m for m in used}.values())
        if grant.measures:
            last = {}
            for measure in sorted(by_owner[client_id], key=lambda m: m.completed_at):
                last[measure.instrument] = measure.completed_at
            summary.due = due_words(schedules[client_id], offered, defaults, last, now)
        if grant.safety:
            for row in rows:
                flags = row.latest.safety_flags
                if flags:
                    words = f"{row.name}: {', '.join(flags)}"
                    summary.safety_flags.append((words, row.latest.completed_at))
                if row.instrument.key in battery.SAFETY_INSTRUMENTS and row.latest.positive_screen:
                    summary.safety_flags.append(
                        (f"{row.name}: positive screen", row.latest.completed_at)
                    )
            latest = checkins[client_id][-1] if checkins[client_id] else None
            if latest is not None:
                shown.append(latest)
                if latest.screen_positive:
                    summary.safety_flags.append(
                        ("Private safety check-in: positive screen", latest.completed_at)
                    )
    return shown


# --- The caseload's rows, kept in the section cache ---------------------------------------

SECTION = "dashboard"
SECTION_CODE = (
    (
        "steadfast.practice.dashboard",
        "steadfast.assessments.interpretation",
        "steadfast.assessments.battery",
        "steadfast.assessments.definitions",
        "steadfast.assessments.models",
    ),
    ("practice/_caseload_rows.html",),
)
# Whether a questionnaire is due depends on the time of day too: rows kept in the cache are
# built again at least this often.
REBUILD_MINUTES = 5
# Where each row's form gets its CSRF field: the cached HTML holds no token.
CSRF_MARKER = "<!--steadfast:csrf-->"


def table(therapist, rows, now):
    """(HTML of the caseload table's rows, with CSRF_MARKER in each form; the records they
    show, as access-log rows: actions.read_rows). `rows`: lists of ClientSummary from
    `frame`, partners together.

    Built by `fill` and a template, or taken from the section cache (steadfast/core/
    sections.py), keyed by every client's generation (raised when their measures, measure
    schedules or safety check-ins change: apps.py), the grants as read now (who, which
    categories, since when, the last session and the session notes' dates), the names,
    the day and the 5-minute slot. A revoked grant or a narrowed one changes the key at
    once."""
    from .actions import read_rows
    from .categories import CATEGORY_FIELDS

    result = {item.grant.client_id: item for row in rows for item in row}

    def build():
        shown = fill(therapist, result, now)
        context = {"rows": rows, "csrf_marker": sections.safe(CSRF_MARKER)}
        return {
            "html": render_to_string("practice/_caseload_rows.html", context),
            "shown": [list(row) for row in read_rows(shown)],
        }

    layout = [
        [
            (
                item.grant.client_id,
                item.grant.pk,
                str(item.grant.key),
                [getattr(item.grant, name) for name in CATEGORY_FIELDS],
                item.grant.accepted_at,
                item.grant.last_session_on,
                item.noted_session,
                item.grant.client.display_name,
            )
            for item in row
        ]
        for row in rows
    ]
    slot = int(now.timestamp() // (REBUILD_MINUTES * 60))
    found = sections.cached_value(
        SECTION,
        therapist,
        sorted(result),
        (layout, timezone.localdate(now), slot),
        build,
        scope=sections.THERAPIST,
        code=SECTION_CODE,
        timeout=2 * REBUILD_MINUTES * 60,
    )
    return found["html"], [tuple(row) for row in found["shown"]]
