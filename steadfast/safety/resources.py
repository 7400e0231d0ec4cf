"""Support services by country, loaded from JSON that operators can replace."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DEFAULT_FILE = Path(__file__).parent / "data" / "resources.json"


@lru_cache(maxsize=4)
def _load(path):
    """The file, checked: a mistake in it fails at once, naming the entry, not mid-page."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    countries = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(countries, dict):
        raise ValueError(f"{path}: resources need a 'countries' object keyed by country code.")
    for code, entry in countries.items():
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            raise ValueError(f"Resource country codes are ISO 3166 alpha-2; got {code!r}.")
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValueError(f"Resources for {code} need a name.")
        if not entry.get("services") or not entry.get("emergency"):
            raise ValueError(f"Resources for {code} need an emergency number and services.")
    international = data.get("international")
    if (
        not isinstance(international, dict)
        or not international.get("services")
        or not international.get("emergency")
    ):
        raise ValueError(
            "Resources need an 'international' fallback with an emergency number and services."
        )
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


def page_context(request):
    """Services for the country chosen on the page (?country=), else the person's own.

    `country` is the code as the list of countries has it ("" for anywhere else), so the
    list shows the country whose services are on the page. Used with the
    safety/resources_list.html include.
    """
    chosen = request.GET.get("country")
    if chosen is None:
        chosen = getattr(request.user, "country", "") if request.user.is_authenticated else ""
    country = chosen.strip().upper()
    choices = country_choices()
    if country not in dict(choices):
        country = ""
    return {"resources": resources_for(country), "country": country, "country_choices": choices}
