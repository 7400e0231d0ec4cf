"""The chart cache's key (steadfast.core.chartcache): a fingerprint of everything a chart
draws, so that any change to it is a new key, and a cache that fails is no failure."""

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from steadfast.assessments import definitions, series
from steadfast.core import chartcache


@dataclass(frozen=True)
class Dot:
    day: date
    value: float


@dataclass(frozen=True)
class Picture:
    label: str
    dots: tuple
    extra: dict | None = None


ALICE = SimpleNamespace(pk=1)
BOB = SimpleNamespace(pk=2)
PICTURE = Picture("You", (Dot(date(2026, 1, 1), 0.5), Dot(date(2026, 1, 2), 0.75)))


@pytest.fixture
def chart_cache(settings):
    """The configured cache (LocMem, or Redis in CI's second run), keys of this test only."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


def test_equal_inputs_have_equal_fingerprints():
    copy = Picture("You", (Dot(date(2026, 1, 1), 0.5), Dot(date(2026, 1, 2), 0.75)))
    assert chartcache.fingerprint(PICTURE, "Title") == chartcache.fingerprint(copy, "Title")


@pytest.mark.parametrize(
    "changed",
    [
        replace(PICTURE, label="Bob"),
        replace(PICTURE, dots=PICTURE.dots[:1]),
        replace(PICTURE, dots=(PICTURE.dots[0], Dot(date(2026, 1, 3), 0.75))),
        replace(PICTURE, dots=(PICTURE.dots[0], Dot(date(2026, 1, 2), 0.7500000001))),
        replace(PICTURE, dots=tuple(reversed(PICTURE.dots))),
        replace(PICTURE, extra={"cutoff": 10}),
        replace(PICTURE, extra={"cutoff": 10.0}),
    ],
)
def test_any_change_to_what_is_drawn_changes_the_fingerprint(changed):
    assert chartcache.fingerprint(changed, "Title") != chartcache.fingerprint(PICTURE, "Title")


def test_the_title_and_the_time_zone_are_part_of_it():
    here = chartcache.fingerprint(PICTURE, "Title")
    assert chartcache.fingerprint(PICTURE, "Another title") != here
    with timezone.override("Pacific/Auckland"):
        assert chartcache.fingerprint(PICTURE, "Title") != here


def test_values_of_different_types_are_told_apart():
    assert chartcache.fingerprint(1) != chartcache.fingerprint(1.0)
    assert chartcache.fingerprint(1) != chartcache.fingerprint("1")
    assert chartcache.fingerprint(True) != chartcache.fingerprint(1)
    assert chartcache.fingerprint(date(2026, 1, 1)) != chartcache.fingerprint("2026-01-01")
    moment = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert chartcache.fingerprint(moment) != chartcache.fingerprint(moment.date())
    assert chartcache.fingerprint({"a": 1, "b": 2}) == chartcache.fingerprint({"b": 2, "a": 1})
    assert chartcache.fingerprint("ab", "c") != chartcache.fingerprint("a", "bc")
    assert chartcache.fingerprint(("a", "b")) != chartcache.fingerprint(("a",), "b")
    assert chartcache.fingerprint({"a"}) != chartcache.fingerprint(["a"])


def test_an_unknown_type_is_refused_rather_than_guessed():
    with pytest.raises(TypeError, match="object"):
        chartcache.fingerprint(object())


def test_every_instrument_s_chart_can_be_fingerprinted():
    for instrument in definitions.all_instruments().values():
        chart = series.chart_of(instrument, [series.Series("You")])
        assert len(chartcache.fingerprint(chart, "Title")) == 64


def test_the_key_names_the_viewer():
    assert chartcache.key_for(ALICE, "demo", PICTURE) != chartcache.key_for(BOB, "demo", PICTURE)
    assert chartcache.key_for(ALICE, "demo", PICTURE) != chartcache.key_for(ALICE, "x", PICTURE)


def test_a_drawing_is_kept_and_reused(chart_cache):
    calls = []

    def render(picture, title):
        calls.append(title)
        return f"<svg>{title} {len(picture.dots)}</svg>".encode()

    first = chartcache.cached_render(ALICE, "demo", render, PICTURE, "T")
    again = chartcache.cached_render(ALICE, "demo", render, PICTURE, "T")
    other = chartcache.cached_render(BOB, "demo", render, PICTURE, "T")

    assert first == again == other == b"<svg>T 2</svg>"
    assert calls == ["T", "T"]  # once for Alice, once for Bob


class BrokenCache:
    """A cache whose server is down: every call fails, as RedisCache's do then."""

    def __init__(self, *, reads=False):
        self.reads = reads
        self.calls = []

    def get(self, key):
        self.calls.append("get")
        if not self.reads:
            raise ConnectionError("cache is down")

    def set(self, key, value, timeout):
        self.calls.append("set")
        raise ConnectionError("cache is down")


@pytest.mark.parametrize("reads", [False, True], ids=["down", "cannot-keep"])
def test_a_cache_that_fails_does_not_fail_the_chart(monkeypatch, reads):
    broken = BrokenCache(reads=reads)
    monkeypatch.setattr(chartcache, "default_cache", broken)
    drawn = chartcache.cached_render(ALICE, "demo", lambda p, t: b"<svg/>", PICTURE, "T")
    assert drawn == b"<svg/>"
    assert broken.calls == (["get", "set"] if reads else ["get"])


def test_drawings_expire_within_a_day():
    assert 0 < chartcache.TIMEOUT_SECONDS <= 24 * 3600
