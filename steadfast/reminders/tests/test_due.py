"""Which items are due for a person at a moment, in their own time zone."""

from datetime import UTC, date, datetime, time

import pytest

from steadfast.reminders.due import due_items
from steadfast.reminders.models import ReminderSent, ReminderSettings

from .conftest import (
    AUCKLAND,
    FRIDAY,
    LOS_ANGELES,
    THURSDAY,
    checkin,
    mark,
    moment,
    person,
    promise,
)

BOTH = ["promise", "checkin"]
PROMISE = ["promise"]
CHECKIN = ["checkin"]


def kinds(items):
    return [item.kind for item in items]


# (id, zone, local day, hour, minute, the promise, what else happened, expected)
CASES = [
    ("one minute before, Auckland", AUCKLAND, FRIDAY, 18, 59, {}, {}, []),
    ("on the minute, Auckland", AUCKLAND, FRIDAY, 19, 0, {}, {}, BOTH),
    ("late evening, Auckland", AUCKLAND, FRIDAY, 23, 59, {}, {}, BOTH),
    ("just after midnight, next day", AUCKLAND, FRIDAY, 0, 1, {}, {}, []),
    ("one minute before, Los Angeles", LOS_ANGELES, THURSDAY, 18, 59, {}, {}, []),
    ("on the minute, Los Angeles", LOS_ANGELES, THURSDAY, 19, 0, {}, {}, BOTH),
    ("site's zone (UTC)", "", FRIDAY, 19, 0, {}, {}, BOTH),
    ("an earlier time chosen", AUCKLAND, FRIDAY, 7, 30, {}, {"remind_at": time(7, 30)}, BOTH),
    (
        "weekly, not today",
        AUCKLAND,
        FRIDAY,
        19,
        0,
        {"kind": "weekly", "weekdays": "02"},
        {},
        CHECKIN,
    ),
    ("weekly, today", AUCKLAND, FRIDAY, 19, 0, {"kind": "weekly", "weekdays": "4"}, {}, BOTH),
    ("once, today", AUCKLAND, FRIDAY, 19, 0, {"kind": "once", "start": FRIDAY}, {}, BOTH),
    ("once, yesterday", AUCKLAND, FRIDAY, 19, 0, {"kind": "once", "start": THURSDAY}, {}, CHECKIN),
    ("not started yet", AUCKLAND, FRIDAY, 19, 0, {"start": date(2026, 11, 28)}, {}, CHECKIN),
    ("ended yesterday", AUCKLAND, FRIDAY, 19, 0, {"end": THURSDAY}, {}, CHECKIN),
    ("ends today", AUCKLAND, FRIDAY, 19, 0, {"end": FRIDAY}, {}, BOTH),
    ("retired", AUCKLAND, FRIDAY, 19, 0, {"status": "retired"}, {}, CHECKIN),
    ("marked done today", AUCKLAND, FRIDAY, 19, 0, {}, {"marked": (FRIDAY, True)}, CHECKIN),
    ("marked not done today", AUCKLAND, FRIDAY, 19, 0, {}, {"marked": (FRIDAY, False)}, CHECKIN),
    ("marked yesterday only", AUCKLAND, FRIDAY, 19, 0, {}, {"marked": (THURSDAY, True)}, BOTH),
    ("check-in done today", AUCKLAND, FRIDAY, 19, 0, {}, {"checked_in": FRIDAY}, PROMISE),
    ("check-in done yesterday", AUCKLAND, FRIDAY, 19, 0, {}, {"checked_in": THURSDAY}, BOTH),
    ("check-in not asked for", AUCKLAND, FRIDAY, 19, 0, {}, {"include_checkin": False}, PROMISE),
    ("already reminded today", AUCKLAND, FRIDAY, 19, 5, {}, {"reminded": FRIDAY}, []),
    ("reminded yesterday", AUCKLAND, FRIDAY, 19, 5, {}, {"reminded": THURSDAY}, BOTH),
]


@pytest.mark.parametrize(
    ("zone", "day", "hour", "minute", "schedule", "extra", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_due_items(db, zone, day, hour, minute, schedule, extra, expected):
    prefs_values = {k: extra[k] for k in ("remind_at", "include_checkin") if k in extra}
    someone = person("alice", zone=zone, **prefs_values)
    commitment = promise(someone, **schedule)
    if "marked" in extra:
        mark(commitment, *extra["marked"])
    if "checked_in" in extra:
        checkin(someone, extra["checked_in"])
    if "reminded" in extra:
        for kind, key in (("promise", str(commitment.key)), ("checkin", "")):
            ReminderSent.objects.create(
                person=someone, item_kind=kind, item_key=key, day=extra["reminded"]
            )
    prefs = ReminderSettings.objects.get(person=someone)

    found_day, items = due_items(someone, prefs, moment(zone or "UTC", day, hour, minute))

    assert found_day == day
    assert kinds(items) == expected
    if "promise" in expected:
        assert items[0].key == str(commitment.key)


def test_the_same_moment_is_a_different_day_and_hour_for_each_person(db):
    """05:30 UTC on Friday: 18:30 on Friday in Auckland, 21:30 on Thursday in Los Angeles."""
    now = datetime(2026, 11, 27, 5, 30, tzinfo=UTC)
    kiwi = person("alice", zone=AUCKLAND)
    angeleno = person("bob", zone=LOS_ANGELES)
    promise(kiwi)
    promise(angeleno)

    assert due_items(kiwi, ReminderSettings.objects.get(person=kiwi), now) == (FRIDAY, [])
    day, items = due_items(angeleno, ReminderSettings.objects.get(person=angeleno), now)
    assert (day, kinds(items)) == (THURSDAY, BOTH)


def test_only_the_persons_own_promises_are_theirs(db):
    alice = person("alice", zone=AUCKLAND, include_checkin=False)
    bob = person("bob", zone=AUCKLAND)
    promise(bob, audience="partner")
    mine = promise(alice)

    _, items = due_items(
        alice, ReminderSettings.objects.get(person=alice), moment(AUCKLAND, FRIDAY, 19)
    )

    assert [item.key for item in items] == [str(mine.key)]


def test_every_due_promise_is_an_item(db):
    alice = person("alice", zone=AUCKLAND, include_checkin=False)
    first, second = promise(alice, text="One"), promise(alice, text="Two")
    promise(alice, text="Three", kind="weekly", weekdays="0")

    _, items = due_items(
        alice, ReminderSettings.objects.get(person=alice), moment(AUCKLAND, FRIDAY, 20)
    )

    assert [item.key for item in items] == [str(first.key), str(second.key)]
