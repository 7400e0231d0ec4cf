"""Instrument definitions: the JSON files in `instruments/`, loaded and checked.

See `instruments/README.md` for the format. Everything here is data; scoring lives
in `scoring.py` and never touches a request or the database.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

INSTRUMENT_DIR = Path(__file__).parent / "instruments"


class DefinitionError(ValueError):
    """An instrument file (or a local texts file) is malformed."""


@dataclass(frozen=True)
class Option:
    value: int
    label: str  # what the person sees: a practice's licensed wording, if it supplied one
    shipped_label: str = ""  # the wording in our own definition file, safe to export


@dataclass(frozen=True)
class Item:
    number: int
    gist: str
    responses: str
    text: str | None = None
    reverse: bool = False
    scored: bool = True
    loinc: str | None = None


@dataclass(frozen=True)
class Instrument:
    key: str
    version: str
    name: str
    short_name: str
    about: str
    citation: str
    licence: dict
    texts: str
    instructions: str | None
    response_sets: dict  # name -> tuple[Option, ...]
    items: tuple  # tuple[Item, ...] in printed order
    method: str
    max_missing: int
    prorate: bool
    has_total: bool
    subscales: dict = field(default_factory=dict)  # name -> {"items": [...], "method": ...}
    bands: tuple = ()
    bands_of: str = "total"
    screen: dict | None = None
    flags: tuple = ()
    direction: str = "higher_is_better"
    cutoff: dict | None = None
    norms: dict | None = None
    norms_note: str | None = None
    reliable_change_points: float | None = None
    loinc: dict = field(default_factory=dict)

    @property
    def scored_items(self):
        return tuple(item for item in self.items if item.scored)

    @property
    def item_numbers(self):
        return {item.number for item in self.items}

    def item(self, number):
        return next(item for item in self.items if item.number == number)

    def options(self, item):
        return self.response_sets[item.responses]

    def values(self, item):
        return [option.value for option in self.options(item)]

    def value_range(self, item):
        values = self.values(item)
        return min(values), max(values)

    @property
    def administrable(self):
        """Only an instrument whose every item has a text can be given to a person."""
        return all(item.text for item in self.items)

    @property
    def lower_is_better(self):
        return self.direction == "lower_is_better"


def _require(data, name, where):
    if name not in data:
        raise DefinitionError(f"{where}: missing {name!r}.")
    return data[name]


def parse(data, local_texts=None):
    """Build an Instrument from a definition dict (and optional practice-supplied texts)."""
    key = _require(data, "key", "instrument")
    where = f"instrument {key!r}"
    local = _local_entry(local_texts, key)
    response_sets = {}
    for name, options in _require(data, "response_sets", where).items():
        labels = local.get("options", {}).get(name, {})
        try:
            parsed = tuple(
                Option(
                    int(o["value"]),
                    labels.get(str(o["value"]), o.get("label") or str(o["value"])),
                    o.get("label") or str(o["value"]),
                )
                for o in options
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DefinitionError(f"{where}: response set {name!r} is malformed.") from error
        if not parsed or len({o.value for o in parsed}) != len(parsed):
            raise DefinitionError(f"{where}: response set {name!r} needs distinct values.")
        unknown = set(labels) - {str(o.value) for o in parsed}
        if unknown:
            raise DefinitionError(
                f"{where}: local labels for response set {name!r} name unknown values "
                f"{sorted(unknown)}."
            )
        response_sets[name] = parsed
    unknown_sets = set(local.get("options", {})) - set(response_sets)
    if unknown_sets:
        raise DefinitionError(f"{where}: local labels name unknown response sets {unknown_sets}.")
    items = []
    local_items = local.get("items", {})
    for raw in _require(data, "items", where):
        try:
            number = int(_require(raw, "number", where))
        except (TypeError, ValueError) as error:
            raise DefinitionError(f"{where}: an item number is not a whole number.") from error
        if raw.get("responses") not in response_sets:
            raise DefinitionError(f"{where}: item {number} names no known response set.")
        items.append(
            Item(
                number=number,
                gist=raw.get("gist", ""),
                responses=raw["responses"],
                text=raw.get("text") or local_items.get(str(number)),
                reverse=bool(raw.get("reverse", False)),
                scored=bool(raw.get("scored", True)),
                loinc=raw.get("loinc"),
            )
        )
    numbers = [item.number for item in items]
    if len(set(numbers)) != len(numbers):
        raise DefinitionError(f"{where}: item numbers repeat.")
    if "items" in local:
        unknown = set(local_items) - {str(n) for n in numbers}
        untexted = [item.number for item in items if not item.text]
        if unknown or untexted:
            raise DefinitionError(
                f"{where}: local texts must give a text for every item "
                f"(missing {untexted}, unknown {sorted(unknown)})."
            )
    scoring = _require(data, "scoring", where)
    method = scoring.get("method", "sum")
    if method not in {"sum", "mean"}:
        raise DefinitionError(f"{where}: scoring method must be 'sum' or 'mean'.")
    subscales = data.get("subscales", {})
    for name, subscale in subscales.items():
        unknown = set(subscale.get("items", [])) - set(numbers)
        if unknown or not subscale.get("items"):
            raise DefinitionError(f"{where}: subscale {name!r} names unknown items {unknown}.")
    if data.get("direction", "higher_is_better") not in {"higher_is_better", "lower_is_better"}:
        raise DefinitionError(f"{where}: direction must be higher_is_better or lower_is_better.")
    _check_rules(data, {item.number: item for item in items}, response_sets, where)
    return Instrument(
        key=key,
        version=str(_require(data, "version", where)),
        name=_require(data, "name", where),
        short_name=data.get("short_name", key),
        about=data.get("about", ""),
        citation=_require(data, "citation", where),
        licence=_require(data, "licence", where),
        texts=data.get("texts", "local"),
        instructions=data.get("instructions") or local.get("instructions"),
        response_sets=response_sets,
        items=tuple(items),
        method=method,
        max_missing=int(scoring.get("max_missing", 0)),
        prorate=bool(scoring.get("prorate", False)),
        has_total=bool(data.get("total", True)),
        subscales=subscales,
        bands=tuple(data.get("bands", ())),
        bands_of=data.get("bands_of", "total"),
        screen=data.get("screen"),
        flags=tuple(data.get("flags", ())),
        direction=data.get("direction", "higher_is_better"),
        cutoff=data.get("cutoff"),
        norms=data.get("norms"),
        norms_note=data.get("norms_note"),
        reliable_change_points=data.get("reliable_change_points"),
        loinc=data.get("loinc", {}),
    )


def _check_rules(data, items, response_sets, where):
    """Screens and flags must name items (and answers) that exist, or they never fire."""
    for rule in data.get("flags", ()):
        if rule.get("item") not in items or "above" not in rule or not rule.get("flag"):
            raise DefinitionError(f"{where}: flag {rule!r} names no known item.")
    screen = data.get("screen")
    if not screen:
        return
    if "positive_at_least" in screen:
        if screen.get("of", "total") != "total" or not data.get("total", True):
            raise DefinitionError(f"{where}: a threshold screen needs a total score.")
    elif screen.get("rule") == "all" and screen.get("conditions"):
        for condition in screen["conditions"]:
            item = items.get(condition.get("item"))
            values = {o.value for o in response_sets[item.responses]} if item else set()
            if condition.get("value") not in values:
                raise DefinitionError(f"{where}: screen condition {condition!r} can never be met.")
    else:
        raise DefinitionError(f"{where}: unknown screen rule.")


def _local_entry(local_texts, key):
    """This instrument's part of a practice-supplied texts file, checked for shape."""
    if not local_texts:
        return {}
    if not isinstance(local_texts, dict):
        raise DefinitionError("Local texts must map instrument keys to their texts.")
    entry = local_texts.get(key, {})
    where = f"local texts for {key!r}"
    if not isinstance(entry, dict):
        raise DefinitionError(f"{where}: must be an object.")
    items = entry.get("items", {})
    if not isinstance(items, dict) or not all(
        isinstance(text, str) and text.strip() for text in items.values()
    ):
        raise DefinitionError(f"{where}: 'items' must map item numbers to non-empty texts.")
    options = entry.get("options", {})
    if not isinstance(options, dict) or not all(
        isinstance(labels, dict) and all(isinstance(label, str) for label in labels.values())
        for labels in options.values()
    ):
        raise DefinitionError(f"{where}: 'options' must map response sets to value labels.")
    if not isinstance(entry.get("instructions", ""), str):
        raise DefinitionError(f"{where}: 'instructions' must be text.")
    return entry


def _local_texts(path):
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            local = json.load(handle)
    except (OSError, ValueError) as error:
        raise DefinitionError(f"STEADFAST_INSTRUMENT_TEXTS ({path}): {error}") from error
    if not isinstance(local, dict):
        raise DefinitionError(
            f"STEADFAST_INSTRUMENT_TEXTS ({path}): must map instrument keys to their texts."
        )
    return local


@cache
def _load_all(texts_path):
    local = _local_texts(texts_path)
    found = {}
    for path in sorted(INSTRUMENT_DIR.glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            instrument = parse(json.load(handle), local)
        if path.stem != instrument.key:
            raise DefinitionError(f"{path.name}: file name and key {instrument.key!r} differ.")
        found[instrument.key] = instrument
    unknown = set(local) - set(found)
    if unknown:
        raise DefinitionError(
            f"STEADFAST_INSTRUMENT_TEXTS ({texts_path}): no instrument called {sorted(unknown)}."
        )
    return found


def all_instruments():
    """{key: Instrument} for every definition file, with any practice-supplied texts."""
    return _load_all(getattr(settings, "STEADFAST_INSTRUMENT_TEXTS", None))


def get_instrument(key):
    """The instrument with this key; KeyError if there is none."""
    return all_instruments()[key]


def reload():
    """Forget loaded definitions (after the texts file or a definition changed)."""
    _load_all.cache_clear()
