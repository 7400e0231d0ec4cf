"""Which instruments the measures pages offer, and the default schedule (the battery).

Safety instruments screen for abuse. Their results may reach the person and, by grant,
a therapist, never a partner (the database enforces it on `Measure`), and they are
never offered on the measures pages: the individual check-in already asks HARK, among
ordinary questions, of everyone alike.
"""

from dataclasses import dataclass

from . import definitions

# A tuple, not a set: the migration holding the check constraint must be stable.
SAFETY_INSTRUMENTS = ("hark", "hits", "wast-short", "web")


@dataclass(frozen=True)
class Slot:
    """One place in the battery: the first of `keys` that can be administered fills it.

    `interval_days` None means once, at the start (attachment is asked again at the
    end of the work; a therapist will be able to schedule that later).
    """

    keys: tuple
    interval_days: int | None


# Fitted to the five steps (DESIGN.md §1): relationship satisfaction weekly and monthly
# (steps 2 and 4), a trust measure monthly (step 4), self-esteem and well-being every
# four weeks (steps 1 and 5), attachment at the start (step 1). Instruments whose texts
# are not available here are skipped until a practice supplies them.
DEFAULT_BATTERY = (
    Slot(("csi4",), 7),
    Slot(("csi16",), 28),
    Slot(("dts", "rempel"), 28),
    Slot(("rses",), 28),
    Slot(("phq9",), 28),
    Slot(("gad7",), 28),
    Slot(("ecrrs",), None),
)
SUGGESTED_INTERVAL_DAYS = 28  # for an offered instrument outside the battery


def is_safety_instrument(key):
    return key in SAFETY_INSTRUMENTS


def _offerable():
    return [
        instrument
        for instrument in definitions.all_instruments().values()
        if instrument.administrable and not is_safety_instrument(instrument.key)
    ]


def offered_instruments():
    """Instruments a person can take here: the battery's order first, then by name."""
    order = {
        key: position for position, key in enumerate(k for s in DEFAULT_BATTERY for k in s.keys)
    }
    return sorted(_offerable(), key=lambda i: (order.get(i.key, len(order)), i.short_name.lower()))


def default_battery():
    """{instrument key: interval_days} for the battery slots that can be filled here."""
    offered = {instrument.key for instrument in _offerable()}
    chosen = {}
    for slot in DEFAULT_BATTERY:
        key = next((k for k in slot.keys if k in offered), None)
        if key is not None:
            chosen[key] = slot.interval_days
    return chosen
