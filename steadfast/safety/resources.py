"""Support services by country, loaded from JSON that operators can replace."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DEFAULT_FILE = Path(__file__).parent / "data" / "resources.json"


@lru_cache(maxsize=4)
def _load(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for code, entry in data["countries"].items():
        if len(code) != 2 or not code.isupper():
            raise ValueError(f"Resource country codes are ISO 3166 alpha-2; got {code!r}.")
        if not entry.get("services") or not entry.get("emergency"):
            raise ValueError(f"Resources for {code} need an emergency number and services.")
    if not data.get("international", {}).get("services"):
        raise ValueError("Resources need an 'international' fallback with services.")
    return data


def resource_data():
    return _load(str(getattr(settings, "STEADFAST_RESOURCES_FILE", None) or DEFAULT_FILE))


def country_choices():
    countries = resource_data()["countries"]
    return [("", "Somewhere else")] + sorted(
        ((code, entry["name"]) for code, entry in countries.items()), key=lambda c: c[1]
    )


def resources_for(country_code):
    """Services for a country; the international list for an unknown or empty code."""
    data = resource_data()
    entry = data["countries"].get((country_code or "").upper())
    return entry if entry is not None else data["international"]
