"""Scoring: pure functions from an instrument and answers to scores.

Answers are the point values printed on the instrument's form, keyed by item number
(as ints or strings). Reverse-keyed items are turned round as `min + max - value`
of their response set, so a 1-7 item becomes `8 - x` and a -3..+3 item `-x`.
"""

from dataclasses import dataclass, field


class InvalidAnswers(ValueError):
    """Answers that can't be scored; the message names the item concerned."""


@dataclass(frozen=True)
class Score:
    instrument: str
    total: float | None
    mean: float | None
    subscales: dict = field(default_factory=dict)  # name -> {"sum": n, "mean": n}
    band: str | None = None
    band_plain: str | None = None
    positive_screen: bool | None = None
    flags: tuple = ()
    safety_flags: tuple = ()
    answered: int = 0
    missing: tuple = ()

    def as_dict(self):
        return {
            "instrument": self.instrument,
            "valid": True,
            "total": self.total,
            "mean": self.mean,
            "subscales": self.subscales,
            "band": self.band,
            "positive_screen": self.positive_screen,
            "flags": list(self.flags),
        }


def _number(value):
    """Round for storage and display without losing exactness on whole numbers."""
    value = round(float(value), 4)
    return int(value) if value == int(value) else value


def clean_answers(instrument, answers):
    """{item number: printed value} after checking every answer; InvalidAnswers otherwise."""
    if not isinstance(answers, dict):
        raise InvalidAnswers("Answers must map item numbers to values.")
    name = instrument.short_name
    cleaned = {}
    for raw_number, raw_value in answers.items():
        try:
            number = int(str(raw_number).strip())
        except ValueError:
            raise InvalidAnswers(f"{raw_number!r} is not an item number of {name}.") from None
        if number not in instrument.item_numbers:
            raise InvalidAnswers(f"Item {number} is not part of {name}.")
        if raw_value is None or raw_value == "":
            continue  # unanswered
        item = instrument.item(number)
        allowed = instrument.values(item)
        if isinstance(raw_value, bool):
            raise InvalidAnswers(f"Item {number}: {raw_value!r} is not one of {allowed}.")
        try:
            value = int(str(raw_value).strip())
        except ValueError:
            raise InvalidAnswers(
                f"Item {number}: {raw_value!r} is not one of the answers {allowed}."
            ) from None
        if value not in allowed or float(str(raw_value).strip()) != value:
            raise InvalidAnswers(f"Item {number}: {raw_value} is not one of the answers {allowed}.")
        cleaned[number] = value
    missing = [item.number for item in instrument.scored_items if item.number not in cleaned]
    if len(missing) > instrument.max_missing:
        listed = ", ".join(str(n) for n in missing)
        allowance = (
            "none may be left out"
            if instrument.max_missing == 0
            else f"at most {instrument.max_missing} may be left out"
        )
        raise InvalidAnswers(f"{name}: item(s) {listed} unanswered; {allowance}.")
    return cleaned


def keyed_value(instrument, item, value):
    if not item.reverse:
        return value
    low, high = instrument.value_range(item)
    return low + high - value


def _aggregate(values, count, prorate):
    """(sum, mean) of the keyed values, prorating the sum to `count` items if allowed."""
    if not values:
        return None, None
    mean = sum(values) / len(values)
    total = mean * count if (prorate and len(values) < count) else sum(values)
    return _number(total), _number(mean)


def _band(instrument, total, mean, subscales):
    if not instrument.bands:
        return None, None
    if instrument.bands_of == "total":
        score = total
    elif instrument.bands_of == "mean":
        score = mean
    else:
        score = subscales.get(instrument.bands_of, {}).get("sum")
    if score is None:
        return None, None
    # Bands are whole-number ranges. A prorated score that falls in the gap between two of
    # them belongs to the nearer one, the upper one from the midpoint on (as a cut-off of 13.5
    # splits 13 from 14).
    bands = sorted(instrument.bands, key=lambda band: band["min"])
    for index, band in enumerate(bands):
        lower = band["min"] if index == 0 else (bands[index - 1]["max"] + band["min"]) / 2
        if index + 1 < len(bands):
            inside = lower <= score < (band["max"] + bands[index + 1]["min"]) / 2
        else:
            inside = lower <= score <= band["max"]
        if inside:
            return band["label"], band.get("plain")
    return None, None


def _screen(instrument, total, cleaned):
    screen = instrument.screen
    if not screen:
        return None
    if "positive_at_least" in screen:
        score = total if screen.get("of", "total") == "total" else None
        return None if score is None else score >= screen["positive_at_least"]
    if screen.get("rule") == "all":
        return all(cleaned.get(c["item"]) == c["value"] for c in screen["conditions"])
    raise InvalidAnswers(f"{instrument.short_name}: unknown screen rule.")


def score(instrument, answers):
    """Score answers to `instrument`. Raises InvalidAnswers naming the item at fault."""
    cleaned = clean_answers(instrument, answers)
    keyed = {
        item.number: keyed_value(instrument, item, cleaned[item.number])
        for item in instrument.scored_items
        if item.number in cleaned
    }
    total = mean = None
    if instrument.has_total:
        total, mean = _aggregate(
            list(keyed.values()), len(instrument.scored_items), instrument.prorate
        )
    subscales = {}
    for name, subscale in instrument.subscales.items():
        values = [keyed[n] for n in subscale["items"] if n in keyed]
        part_sum, part_mean = _aggregate(values, len(subscale["items"]), instrument.prorate)
        subscales[name] = {"sum": part_sum, "mean": part_mean}
    band, plain = _band(instrument, total, mean, subscales)
    flags, safety_flags = [], []
    for rule in instrument.flags:
        value = cleaned.get(rule["item"])
        if value is not None and value > rule["above"]:
            flags.append(rule["flag"])
            if rule.get("safety"):
                safety_flags.append(rule["flag"])
    return Score(
        instrument=instrument.key,
        total=total,
        mean=mean,
        subscales=subscales,
        band=band,
        band_plain=plain,
        positive_screen=_screen(instrument, total, cleaned),
        flags=tuple(flags),
        safety_flags=tuple(safety_flags),
        answered=len(cleaned),
        missing=tuple(n.number for n in instrument.scored_items if n.number not in cleaned),
    )
