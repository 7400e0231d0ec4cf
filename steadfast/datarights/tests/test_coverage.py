"""Every row of a person's is in their download, and no model escapes the question.

The first test walks every installed model: a field linking rows to an account must be
named in steadfast/datarights/coverage.py (in the download, elsewhere, or left out
with a reason). The second fills every kind of row the download covers and checks that
each row is there: as many items as rows, every word the row holds, its key.
"""

import json

import pytest
from django.apps import apps

from steadfast.core.fields import EncryptedField
from steadfast.core.testing import make_person, make_therapist
from steadfast.datarights import coverage, export

from .plant import plant_everything

pytestmark = pytest.mark.django_db


def test_every_link_to_an_account_is_accounted_for():
    links = coverage.links_to_accounts()
    named = set(coverage.OWN) | set(coverage.ELSEWHERE) | set(coverage.LEFT_OUT)
    missing = sorted(links - named)
    assert missing == [], (
        "These models link rows to an account but the download does not say what it does "
        "with them: add each to OWN, ELSEWHERE or LEFT_OUT in "
        f"steadfast/datarights/coverage.py: {missing}"
    )
    assert sorted(named - links) == [], "coverage.py names links that no longer exist"
    assert not set(coverage.OWN) & set(coverage.LEFT_OUT)


def test_the_walk_notices_a_model_it_does_not_know(monkeypatch):
    known = coverage.links_to_accounts()
    monkeypatch.setattr(
        coverage, "links_to_accounts", lambda: known | {("newapp.secretdiary", "owner")}
    )
    with pytest.raises(AssertionError, match="newapp.secretdiary"):
        test_every_link_to_an_account_is_accounted_for()


def at(document, where):
    found = document
    for part in where.split("."):
        found = found[part]
    return found


def as_items(value):
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def words_of(row):
    """Every non-empty text the row holds encrypted, opened: what must reach the file."""
    texts = []
    for field in row._meta.concrete_fields:
        if isinstance(field, EncryptedField):
            value = getattr(row, field.attname)
            if isinstance(value, str) and value:
                texts.append(value)
    return texts


def rows_at(where, person):
    """The person's rows that `coverage.OWN` sends to `where` (one path may take two links)."""
    rows = []
    for (label, field), target in coverage.OWN.items():
        if target == where:
            model = apps.get_model(label)
            for row in model._base_manager.filter(**{field: person}):
                if row.pk not in {r.pk for r in rows if type(r) is model}:
                    rows.append(row)
    return rows


def test_every_row_of_every_covered_kind_is_in_the_download():
    alice, bob = make_person("alice"), make_person("bob")
    plant_everything(alice, bob, make_therapist("theo"))
    document = export.build(alice)
    json.dumps(document)  # plain JSON data, nothing else
    problems = []
    for where in sorted(set(coverage.OWN.values())):
        rows = rows_at(where, alice)
        items = as_items(at(document, where))
        if not rows:
            problems.append(f"{where}: plant.py makes no row for it; the check proves nothing")
        if len(items) != len(rows):
            problems.append(f"{where}: {len(rows)} rows, {len(items)} items")
        text = json.dumps(items, ensure_ascii=False)
        for row in rows:
            for words in words_of(row):
                if words not in text:
                    problems.append(f"{where}: {words!r} is missing")
            row_key = getattr(row, "key", None)
            if row_key is not None and str(row_key) not in text:
                problems.append(f"{where}: the key of {row._meta.label} {row.pk} is missing")
    assert problems == [], "\n".join(problems)
    assert document["format"] == "steadfast-export/1"
    assert document["account"]["email"] == "alice@example.org"
    # Safety answers are JSON, not text: they are there whole.
    assert document["safety"]["check_ins"][0]["answers"]["said"] == "Alice-canary-hark-7c1e"
