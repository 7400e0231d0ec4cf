"""The pre-session summary of a couple, since the last session: both partners' measures side
by side with reliable changes, the promises' estimates and perception gap, check-in trends,
conversations held (dates only) and what each shared with the therapist.

Only for a couple where both partners granted this therapist; every record comes through
`visible_to` (audience, grant and category, in SQL), and each category only where that
partner's grant covers it. The HTML page and the PDF are drawn from the same `Summary`.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from steadfast.assessments import series as measure_series
from steadfast.assessments.models import Measure
from steadfast.checkins.models import SCALES, DailyCheckIn
from steadfast.checkins.views import averages_of
from steadfast.commitments import reliability
from steadfast.commitments.models import Commitment
from steadfast.commitments.views import estimates
from steadfast.conversations.models import Conversation
from steadfast.core.access import visible_to
from steadfast.couples.models import Membership
from steadfast.journal.models import Entry, ThoughtRecord

from .access import get_grant_for_therapist
from .dashboard import change_words, instrument_rows, session_start
from .models import Grant

# Without a last-session date, "recent" means this many days.
DEFAULT_DAYS = 14


def couple_grants(therapist, key):
    """(first, second): the grant addressed by `key` and the partner's grant to the same
    therapist, in the caseload's order; 404 unless both partners granted access."""
    grant = get_grant_for_therapist(therapist, key)
    couple = Membership.objects.filter(person_id=grant.client_id).values("couple_id")
    partner = (
        Grant.objects.active()
        .filter(
            therapist=therapist,
            client_id__in=Membership.objects.filter(couple_id__in=couple)
            .exclude(person_id=grant.client_id)
            .values("person_id"),
        )
        .select_related("client")
        .first()
    )
    if partner is None:
        raise Http404
    return tuple(sorted((grant, partner), key=lambda g: (g.client.display_name, g.pk)))


@dataclass
class Part:
    """One partner's side of the summary."""

    grant: object
    instruments: list = field(default_factory=list)
    promises: list = field(default_factory=list)  # [(commitment, estimates dict)]
    checkins_recent: dict | None = None
    checkins_before: dict | None = None
    checkin_days: int = 0
    shared: list = field(default_factory=list)  # [(what, when)]

    @property
    def name(self):
        return self.grant.client.display_name

    def instrument(self, key):
        return next((row for row in self.instruments if row.instrument.key == key), None)


@dataclass
class MeasureLine:
    """One questionnaire, both partners side by side."""

    instrument: object
    cells: list  # per partner: InstrumentRow or None
    chart: object  # assessments.series.Chart


@dataclass
class Summary:
    parts: tuple
    since: object  # a date, or None (no session date yet)
    window_start: object  # aware datetime where "recent" begins
    measures: list = field(default_factory=list)
    conversations: list = field(default_factory=list)  # [(opened by, when)]
    shown: list = field(default_factory=list)  # every record shown, for the access log

    @property
    def names(self):
        return " & ".join(part.name for part in self.parts)

    @property
    def since_words(self):
        if self.since:
            return f"since the last session on {self.since:%-d %B %Y}"
        return f"over the last {DEFAULT_DAYS} days (no session date set yet)"


def build(therapist, grants, now=None):
    now = now or timezone.now()
    since = max((g.last_session_on for g in grants if g.last_session_on), default=None)
    start = session_start(since) or now - timedelta(days=DEFAULT_DAYS)
    parts = tuple(Part(grant=g) for g in grants)
    summary = Summary(parts=parts, since=since, window_start=start)
    ids = [g.client_id for g in grants]
    by_id = {part.grant.client_id: part for part in parts}

    def granted(queryset, category):
        owners = [g.client_id for g in grants if getattr(g, category)]
        return visible_to(queryset.filter(owner_id__in=owners), therapist)

    # Measures: scores, bands and dates only (never answers or sealed details).
    measures = list(granted(Measure.objects.all(), "measures").summaries())
    for part in parts:
        mine = [m for m in measures if m.owner_id == part.grant.client_id]
        part.instruments = instrument_rows(mine, since)
        summary.shown += mine
    keys = []
    for part in parts:
        keys += [r.instrument.key for r in part.instruments if r.instrument.key not in keys]
    for key in keys:
        cells = [part.instrument(key) for part in parts]
        instrument = next(cell.instrument for cell in cells if cell)
        lines = [
            measure_series.series_of(instrument, cell.results if cell else [], part.name)
            for part, cell in zip(parts, cells, strict=True)
        ]
        summary.measures.append(
            MeasureLine(instrument, cells, measure_series.chart_of(instrument, lines))
        )

    # Promises: the owner's marks, and the partner's answers only where the partner's own
    # grant covers promises too.
    promises = list(
        granted(Commitment.objects.all(), "commitments")
        .prefetch_related("marks", "acknowledgements")
        .order_by("created_at", "pk")
    )
    today = timezone.localdate(now)
    for commitment in promises:
        part = by_id[commitment.owner_id]
        other = next(p for p in parts if p is not part)
        counted = other.grant.client_id if other.grant.commitments else None
        part.promises.append(
            (commitment, estimates(commitment, day=today, acknowledged_by=counted))
        )
        summary.shown.append(commitment)

    # Check-ins: averages since the session against the same number of days before it.
    days = max((today - since).days, 1) if since else DEFAULT_DAYS
    first_day = since or today - timedelta(days=days - 1)
    earliest = first_day - timedelta(days=days)
    entries = list(
        granted(DailyCheckIn.objects.all(), "checkins")
        .filter(day__gte=earliest)
        .only("id", "owner_id", "audience", "day", "key", *SCALES)
    )
    for part in parts:
        mine = [e for e in entries if e.owner_id == part.grant.client_id]
        recent = [e for e in mine if e.day >= first_day]
        part.checkin_days = len(recent)
        part.checkins_recent = averages_of(recent)
        part.checkins_before = averages_of([e for e in mine if e.day < first_day])
        summary.shown += mine

    # Conversations held: who opened one and when, nothing of what was said.
    for conversation in (
        granted(Conversation.objects.all(), "conversations")
        .filter(created_at__gte=start)
        .only("id", "owner_id", "audience", "key", "created_at")
        .order_by("created_at", "pk")
    ):
        summary.conversations.append((by_id[conversation.owner_id].name, conversation.created_at))
        summary.shown.append(conversation)

    # What each shared with the therapist for the session (journal category).
    for entry in granted(Entry.objects.all(), "journal").filter(created_at__gte=start):
        title = entry.title or "untitled"
        by_id[entry.owner_id].shared.append((f"Journal entry “{title}”", entry.created_at))
        summary.shown.append(entry)
    for record in granted(ThoughtRecord.objects.all(), "journal").filter(created_at__gte=start):
        by_id[record.owner_id].shared.append(("Thought record", record.created_at))
        summary.shown.append(record)
    for part in parts:
        part.shared.sort(key=lambda item: item[1])
    assert all(record.owner_id in ids for record in summary.shown)
    return summary


def percent_words(value):
    return "–" if value is None else f"{reliability.percent(value)}%"


__all__ = ["build", "change_words", "couple_grants", "percent_words"]
