"""Directories of therapists and counsellors by country, loaded from a JSON file that
operators can replace (STEADFAST_THERAPY_DIRECTORIES). The help page only links to them:
no page ever asks another site for anything.

A mistake in the file is reported by `manage.py check` (and so at start-up and by every
command that runs the checks), naming the entry, instead of breaking the help page.
"""

import json
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core import checks

log = logging.getLogger(__name__)

DEFAULT_FILE = Path(__file__).parent / "data" / "therapy_directories.json"


class DirectoriesError(ValueError):
    pass


def _check_directories(where, entries):
    if not isinstance(entries, list) or not entries:
        raise DirectoriesError(f"{where} needs a non-empty 'directories' list.")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise DirectoriesError(f"{where}, directory {number}: expected an object.")
        for name in ("name", "url", "about"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise DirectoriesError(f"{where}, directory {number}: '{name}' is missing.")
        if not entry["url"].startswith("https://"):
            raise DirectoriesError(
                f"{where}, directory {number} ({entry['name']}): the url must start with "
                f"https://; got {entry['url']!r}."
            )


@lru_cache(maxsize=4)
def _load(path):
    """The file, checked: a mistake in it fails at once, naming the entry."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise DirectoriesError(f"{path}: can't be read ({error.strerror}).") from None
    except ValueError as error:
        raise DirectoriesError(f"{path}: not valid JSON ({error}).") from None
    countries = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(countries, dict):
        raise DirectoriesError(f"{path}: needs a 'countries' object keyed by country code.")
    for code, entry in countries.items():
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            raise DirectoriesError(f"{path}: country codes are ISO 3166 alpha-2; got {code!r}.")
        if not isinstance(entry, dict) or not entry.get("name"):
            raise DirectoriesError(f"{path}: the entry for {code} needs a name.")
        _check_directories(f"{path}: {code}", entry.get("directories"))
    international = data.get("international")
    if not isinstance(international, dict):
        raise DirectoriesError(f"{path}: needs an 'international' entry for anywhere else.")
    _check_directories(f"{path}: international", international.get("directories"))
    return data


def directories_path():
    return str(getattr(settings, "STEADFAST_THERAPY_DIRECTORIES", None) or DEFAULT_FILE)


def directory_data():
    return _load(directories_path())


def for_country(country_code):
    """(home, others, international): the person's country first (None if unknown), then
    the other countries by name, then the directories that work anywhere.

    A broken file (which `manage.py check` reports) gives empty lists, not an error page.
    """
    try:
        data = directory_data()
    except DirectoriesError:
        log.exception("The therapy directories file could not be loaded")
        return None, [], []
    code = (country_code or "").strip().upper()
    countries = data["countries"]
    home = countries.get(code)
    others = sorted(
        (entry for other, entry in countries.items() if other != code), key=lambda e: e["name"]
    )
    return home, others, data["international"]["directories"]


def countries_by_name():
    """[(code, entry)] of every country in the file, by name; empty if the file is broken."""
    try:
        countries = directory_data()["countries"]
    except DirectoriesError:
        return []
    return sorted(countries.items(), key=lambda item: item[1]["name"])


@checks.register()
def check_directories_file(app_configs=None, **kwargs):
    try:
        directory_data()
    except DirectoriesError as error:
        return [
            checks.Error(
                f"The therapy directories file is not usable: {error}",
                hint="Fix the file, or unset STEADFAST_THERAPY_DIRECTORIES to use the "
                "list that comes with Steadfast. The format is in "
                "steadfast/selfcare/data/therapy_directories.json.",
                id="steadfast.selfcare.E001",
            )
        ]
    return []
