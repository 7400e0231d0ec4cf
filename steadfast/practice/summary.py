"""The pre-session summary, since the last session: of a couple (both partners side by
side) or of one client on their own. Measures with reliable changes, the promises'
estimates (and, for a couple, the perception gap), check-in trends, conversations held
(dates only) and what was shared with the therapist for the session.

The couple summary needs both partners' grants to this therapist; the individual one a
single grant, and it reads nothing of the partner's. Both are drawn by one `build`:
every record comes through `visible_to` (audience, grant and category, in SQL), and each
category only where that person's grant covers it; a category no grant covers leaves its
section out. The HTML page and the PDF are drawn from the same `Summary`.

"Since the last session" is the later of the date the therapist set on the grants
(`Grant.last_session_on`) and the latest session date on the therapist's own notes.

What is read does not grow with the length of anyone's history: of the questionnaires,
the results the table compares and those of the charts' last CHART_DAYS days; of the
promises, sums made by the database; check-ins, conversations and journal since the
session.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import mark_safe

from steadfast.accounts.timezones import today_for
from steadfast.assessments import charts as measure_charts
from steadfast.assessments import series as measure_series
from steadfast.assessments.models import Measure
from steadfast.checkins.models import SCALES, DailyCheckIn
from steadfast.checkins.views import averages_of
from steadfast.commitments import ledgers, reliability
from steadfast.commitments.models import Commitment
from steadfast.commitments.views import HALF_LIFE_DAYS, TREND_DAYS
from steadfast.conversations.models import Conversation
from steadfast.core import chartcache
from steadfast.core.access import visible_to
from steadfast.couples.models import Membership
from steadfast.journal.models import Entry, ThoughtRecord

from . import notes
from .access import get_grant_for_therapist
from .categories import Category
from .dashboard import change_words, instrument_rows, landmarks, session_start
from .models import Grant

# Without a last-session date, "recent" means this many days.
DEFAULT_DAYS = 14
# The most conversations the summary lists (dates only).
CONVERSATION_ROWS = 100
# The questionnaires' charts show this many days, up to now: half a year of results is
# what a session looks back on, and a chart (and what is read for it) stays the same size
# however long someone has used Steadfast. The table's "since the first result" still
# compares with the very first one.
CHART_DAYS = 180


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


def client_grants(therapist, key):
    """(grant,): one client's accepted grant to `therapist`, or 404. Whether the partner
    granted anything plays no part: the individual summary never reads the partner's data."""
    return (get_grant_for_therapist(therapist, key),)


def last_session(therapist, grants, today=None):
    """The later of the grants' last-session dates and the latest session date on this
    therapist's notes about these clients (one query; no note text is read). A note dated
    after today is a plan, not a session held, and does not count."""
    today = today or timezone.localdate()
    noted = notes.last_session_dates(therapist, [g.client_id for g in grants], until=today)
    found = [g.last_session_on for g in grants] + list(noted.values())
    return max((day for day in found if day), default=None)


@dataclass
class Part:
    """One person's side of the summary."""

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
    """One questionnaire, one cell per person (side by side for a couple)."""

    instrument: object
    cells: list  # per part: InstrumentRow or None
    chart: object  # assessments.series.Chart
    svg: str = ""  # the chart as inline SVG, for the page only (see `add_inline_charts`)

    @property
    def chart_title(self):
        return f"{self.instrument.short_name} over time"

    @property
    def chart_days(self):
        return CHART_DAYS


@dataclass
class Summary:
    parts: tuple
    since: object  # a date, or None (no session date yet)
    window_start: object  # aware datetime where "recent" begins
    chart_start: object = None  # aware datetime where the charts begin (CHART_DAYS ago)
    measures: list = field(default_factory=list)
    conversations: list = field(default_factory=list)  # Conversation rows, oldest first
    shown: list = field(default_factory=list)  # every record shown, for the access log
    # (client id, conversation): logged in that client's own log, even where the partner
    # opened the conversation (the partner's log must not learn there is a therapist).
    conversation_reads: list = field(default_factory=list)

    @property
    def is_couple(self):
        return len(self.parts) > 1

    @property
    def names(self):
        return " & ".join(part.name for part in self.parts)

    @property
    def whose(self):
        return "both" if self.is_couple else self.parts[0].name

    @property
    def since_words(self):
        if self.since:
            return f"since the last session on {self.since:%-d %B %Y}"
        return f"over the last {DEFAULT_DAYS} days (no session date set yet)"

    @cached_property
    def covers(self):
        """{category: True} for every category at least one person's grant covers: a
        section no grant covers is left out altogether."""
        return {c: any(p.grant.covers(c) for p in self.parts) for c in Category.values}

    @property
    def shows_gap(self):
        """The perception gap compares the owner's marks with the partner's
        acknowledgements, and those are the partner's own data: only a couple summary,
        where both partners granted this therapist, shows it (and only where the partner's
        grant covers promises too). The individual summary never reads them."""
        return self.is_couple


def build(therapist, grants, now=None):
    """The summary of one client (one grant) or a couple (both partners' grants)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = last_session(therapist, grants, today)
    start = session_start(since) or now - timedelta(days=DEFAULT_DAYS)
    parts = tuple(Part(grant=g) for g in grants)
    summary = Summary(
        parts=parts,
        since=since,
        window_start=start,
        chart_start=now - timedelta(days=CHART_DAYS),
    )
    by_id = {part.grant.client_id: part for part in parts}

    def owners(category):
        return [g.client_id for g in grants if g.covers(category)]

    def granted(queryset, category):
        return visible_to(queryset.filter(owner_id__in=owners(category)), therapist)

    _measures(summary, granted(Measure.objects.all(), Category.MEASURES))
    # Marks and acknowledgements are dated by each person's own calendar, which may be a
    # day ahead of the therapist's; the estimates are taken as of the latest of those days.
    latest_day = max([today] + [today_for(part.grant.client, now) for part in parts])
    _promises(summary, granted(Commitment.objects.all(), Category.COMMITMENTS), by_id, latest_day)
    _checkins(summary, granted(DailyCheckIn.objects.all(), Category.CHECKINS), today)
    _conversations(summary, owners(Category.CONVERSATIONS))

    # What each shared with the therapist for the session (journal category).
    for entry in granted(Entry.objects.all(), Category.JOURNAL).filter(created_at__gte=start):
        title = entry.title or "untitled"
        by_id[entry.owner_id].shared.append((f"Journal entry “{title}”", entry.created_at))
        summary.shown.append(entry)
    records = granted(ThoughtRecord.objects.all(), Category.JOURNAL).filter(created_at__gte=start)
    for record in records:
        by_id[record.owner_id].shared.append(("Thought record", record.created_at))
        summary.shown.append(record)
    for part in parts:
        part.shared.sort(key=lambda item: item[1])
    # Nothing of anyone else's is ever shown, or logged as read.
    assert all(record.owner_id in by_id for record in summary.shown)
    assert all(client_id in by_id for client_id, _ in summary.conversation_reads)
    return summary


def _measures(summary, granted):
    """Scores, bands and dates only (never answers or sealed details), with a chart.

    Read: per person and questionnaire, the results the table compares (`landmarks`: the
    first, the latest two, the latest before the session) and the results of the chart's
    stretch (the last CHART_DAYS days, and the one before it that its first point is
    compared with). Everything read is shown, or drawn, or decides a mark on the chart,
    and is logged."""
    starts = {part.grant.client_id: session_start(summary.since) for part in summary.parts}
    found = {m.pk: m for m in landmarks(granted.summaries(), starts, summary.chart_start)}
    for measure in granted.filter(completed_at__gte=summary.chart_start).summaries():
        found.setdefault(measure.pk, measure)
    measures = sorted(found.values(), key=lambda m: (m.completed_at, m.pk))
    for part in summary.parts:
        mine = [m for m in measures if m.owner_id == part.grant.client_id]
        part.instruments = instrument_rows(mine, summary.since)
        summary.shown += mine
    keys = []
    for part in summary.parts:
        keys += [r.instrument.key for r in part.instruments if r.instrument.key not in keys]
    for key in keys:
        cells = [part.instrument(key) for part in summary.parts]
        instrument = next(cell.instrument for cell in cells if cell)
        lines = [
            measure_series.series_of(
                instrument, cell.results if cell else [], part.name, since=summary.chart_start
            )
            for part, cell in zip(summary.parts, cells, strict=True)
        ]
        summary.measures.append(
            MeasureLine(instrument, cells, measure_series.chart_of(instrument, lines))
        )


def _promises(summary, granted, by_id, today):
    """The owner's own marks; for a couple, also the partner's acknowledgements where the
    partner's own grant covers promises (see `Summary.shows_gap`). Acknowledgements are
    counted only from such a partner: for one client alone, none at all. The estimates
    come from sums the database makes over each promise's whole history
    (`commitments.ledgers`): two queries for all the promises, whatever their length."""
    acknowledgers = (
        [p.grant.client_id for p in summary.parts if p.grant.commitments]
        if summary.shows_gap
        else []
    )
    promises = list(granted.defer("root").order_by("created_at", "pk"))
    counted = {}
    for commitment in promises:
        part = by_id[commitment.owner_id]
        others = [p for p in summary.parts if p is not part]
        counted[commitment.pk] = next(
            (p.grant.client_id for p in others if p.grant.client_id in acknowledgers), None
        )
    tallies = ledgers.tallies(
        counted, day=today, half_life_days=HALF_LIFE_DAYS, trend_days=TREND_DAYS
    )
    shown = ledgers.shown(tallies, day=today, half_life_days=HALF_LIFE_DAYS)
    for commitment in promises:
        by_id[commitment.owner_id].promises.append((commitment, shown[commitment.pk].estimates))
        summary.shown.append(commitment)


def _checkins(summary, granted, today):
    """Averages since the session against the same number of days before it."""
    since = summary.since
    days = max((today - since).days, 1) if since else DEFAULT_DAYS
    first_day = since or today - timedelta(days=days - 1)
    earliest = first_day - timedelta(days=days)
    entries = list(
        granted.filter(day__gte=earliest).only("id", "owner_id", "audience", "day", "key", *SCALES)
    )
    for part in summary.parts:
        mine = [e for e in entries if e.owner_id == part.grant.client_id]
        recent = [e for e in mine if e.day >= first_day]
        part.checkin_days = len(recent)
        part.checkins_recent = averages_of(recent)
        part.checkins_before = averages_of([e for e in mine if e.day < first_day])
        summary.shown += mine


def _conversations(summary, clients):
    """When conversations were held, nothing of what was said, as the therapist's
    conversations page shows them (views_data.conversations): a conversation is written
    for the couple (audience partner), so it is found through a granting client taking
    part in it, opened by either partner. Who opened it is not said. Each read goes to
    the log of the granting client(s) who took part."""
    if not clients:
        return
    found = list(
        Conversation.objects.filter(
            Q(owner_id__in=clients) | Q(partner_id__in=clients),
            created_at__gte=summary.window_start,
        )
        .only("id", "key", "owner_id", "partner_id", "status", "created_at", "audience")
        .order_by("-created_at", "-pk")[:CONVERSATION_ROWS]
    )
    found.reverse()
    summary.conversations = found
    for conversation in found:
        for client_id in clients:
            if client_id in conversation.participant_ids:
                summary.conversation_reads.append((client_id, conversation))


# --- Charts inline in the page ------------------------------------------------------------

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
SVG_ROOT = re.compile(r"<svg\b[^>]*>")
ID = re.compile(r'\bid="([^"]+)"')
HREF = re.compile(r'((?:xlink:)?href=")#([^"]+)"')
URL_REF = re.compile(r"url\(#([^)]+)\)")


def inline_svg(chart, title, prefix):
    """A measure chart as an <svg> element to put inside a page: no XML declaration, its
    size left to the stylesheet (`.chart-image`, the viewBox keeps the shape), and every id
    and reference to one prefixed, so several charts on one page never share an id."""
    svg = measure_charts.render_svg(chart, title).decode("utf-8")
    svg = XML_DECLARATION.sub("", svg, count=1)
    svg = ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = HREF.sub(lambda m: f'{m.group(1)}#{prefix}-{m.group(2)}"', svg)
    svg = URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", svg)

    def root(match):
        tag = SVG_SIZE.sub("", match.group(0))
        return tag[:-1] + ' class="chart-image" role="img" focusable="false">'

    return SVG_ROOT.sub(root, svg, count=1)


# Bump when `inline_svg` changes what it makes of a drawing (the drawing code itself is
# fingerprinted by core.chartcache).
INLINE_VERSION = "1"


def _inline_bytes(chart, title, prefix):
    return inline_svg(chart, title, prefix).encode("utf-8")


def add_inline_charts(summary, viewer):
    """Draw each questionnaire's chart for the page (the PDF draws its own PNGs). A
    drawing is kept in the cache under a fingerprint of what it shows, for this viewer
    (core.chartcache): drawing costs tens of milliseconds, and the same summary is
    opened again before and during a session."""
    for number, line in enumerate(summary.measures, 1):
        if line.chart.has_points:
            title = f"{line.chart_title}: {summary.names}, the last {CHART_DAYS} days"
            drawn = chartcache.cached_render(
                viewer,
                f"summary-inline-{INLINE_VERSION}",
                _inline_bytes,
                line.chart,
                title,
                f"chart{number}",
            )
            # Only our own drawing and escaped title: matplotlib writes the markup.
            line.svg = mark_safe(drawn.decode("utf-8"))  # noqa: S308  # nosec B308 B703
    return summary


def percent_words(value):
    return "–" if value is None else f"{reliability.percent(value)}%"


__all__ = [
    "add_inline_charts",
    "build",
    "change_words",
    "client_grants",
    "couple_grants",
    "last_session",
    "percent_words",
]
