"""The caseload dashboard: per client, from granted records only, the latest score of each
questionnaire, reliable change since intake and since the last session, cut-off crossings,
measures due or overdue, and safety flags where the safety grant allows.

"The last session" is the later of the date the therapist set on the grant and the latest
session date on the therapist's own notes about the client (`notes.last_session_dates`).

Query-bounded: every table is read once for the whole caseload (records through
`visible_to`, which applies audience, grant and category in SQL) and the rest is worked out
here in Python. Nothing a client kept private, shared with the partner only, or left out of
the grant is loaded, so none of it can move a number.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from steadfast.assessments import battery, definitions, interpretation
from steadfast.assessments.models import Measure, Schedule
from steadfast.core import keyring
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


def _warm_data_keys(owner_ids):
    keyring.warm(owner_ids)


def summaries(therapist, grants, now=None):
    """{client id: ClientSummary} for these grants, and the records shown (for the log).

    A constant number of queries however many grants: measures (one query, two when some
    clients granted safety data), schedules, safety check-ins where granted, and the
    session dates on the therapist's notes (one query)."""
    from steadfast.safety.models import CheckIn as SafetyCheckIn

    now = now or timezone.now()
    result = {grant.client_id: ClientSummary(grant=grant) for grant in grants}
    noted = notes.last_session_dates(therapist, list(result), until=timezone.localdate(now))
    for client_id, summary in result.items():
        summary.noted_session = noted.get(client_id)
        days = [d for d in (summary.grant.last_session_on, summary.noted_session) if d]
        summary.last_session = max(days, default=None)
    shown = []
    measured = [g.client_id for g in grants if g.measures or g.safety]
    safe = {g.client_id for g in grants if g.safety}
    measures = []
    if measured:
        base = visible_to(Measure.objects.filter(owner_id__in=measured), therapist)
        plain = [pk for pk in measured if pk not in safe]
        if plain:
            measures += list(base.filter(owner_id__in=plain).summaries())
        if safe:
            _warm_data_keys(safe)
            measures += list(base.filter(owner_id__in=safe).only(*DETAILED))
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
        for entry in visible_to(
            SafetyCheckIn.objects.filter(owner_id__in=safe), therapist
        ).order_by("completed_at", "pk"):
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
    return result, shown
