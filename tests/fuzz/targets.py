"""What the fuzzer posts to, found rather than listed.

The targets come from the authorisation matrix, which a gate keeps in step with the URL
resolver: every URL that takes a POST, as each persona who gets past its method and
access checks. The fields come from the forms the site renders: `crawl` opens every page
each persona may open (with the matrix's world of real objects behind the URL
arguments) and reads every form on it, keyed by the view its action resolves to. So a
new URL or a new form is fuzzed without anyone adding it here.
"""

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve

from steadfast.core import crypto
from tests.test_authorization_matrix import (
    MATRIX,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    TO_ADMIN_LOGIN,
    TO_HOME,
    TO_LOGIN,
    World,
    login_as,
)

from .htmlforms import forms_in

DEEP = bool(os.environ.get("FUZZ_EXAMPLES"))
REFUSED_AT_THE_DOOR = (NOT_ALLOWED, NOT_FOUND, TO_LOGIN, TO_ADMIN_LOGIN, TO_HOME)
# In the normal run each URL is fuzzed as one persona who reaches it, the first of these
# (someone who owns the objects, then the partner they are shared with, and so on); a
# deep run (FUZZ_EXAMPLES set) fuzzes every persona who reaches it.
PREFERENCE = (
    "owner",
    "partner",
    "therapist_with_grant",
    "solo",
    "anonymous",
    "outsider",
    "therapist_without_grant",
)
DOWNLOADS = (".svg", ".pdf", ".ics")  # drawn or generated files hold no forms
# Names every form here might carry, for a URL whose form no crawled page shows.
FALLBACK_FIELDS = (
    "submission_key",
    "text",
    "body",
    "note",
    "title",
    "topic",
    "audience",
    "day",
    "version",
    "step",
    "kind",
    "confirm",
)


def reachers(name, method="POST"):
    """The personas a URL lets through for `method`, in PREFERENCE order."""
    answers = getattr(MATRIX[name], method)
    return [p for p in PREFERENCE if answers[p] not in REFUSED_AT_THE_DOOR]


def post_targets():
    """(URL name, persona) for every URL taking a POST."""
    found = []
    for name in MATRIX:
        personas = reachers(name)
        found += [(name, p) for p in (personas if DEEP else personas[:1])]
    return found


@dataclass
class FormSpec:
    """Everything known about the fields posted to one view, over every form seen."""

    method: str
    offered: dict = field(default_factory=dict)  # name -> value the page filled in
    choices: dict = field(default_factory=dict)  # name -> values a person may pick
    files: set = field(default_factory=set)

    def add(self, form):
        for control in form.controls:
            if control.name == "csrfmiddlewaretoken":
                continue
            if control.kind == "file":
                self.files.add(control.name)
                continue
            choices = self.choices.setdefault(control.name, [])
            for value in form.choices(control.name):
                if value not in choices:
                    choices.append(value)
        for name, value in form.filled().items():
            self.offered.setdefault(name, value)

    def fields(self):
        names = set(self.offered) | set(self.choices)
        return {n: (self.offered.get(n), self.choices.get(n, [])) for n in sorted(names)}


def fallback_spec():
    spec = FormSpec("post")
    spec.offered = dict.fromkeys(FALLBACK_FIELDS, "")
    return spec


def _view_name(path):
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _ancestors(url):
    """/a/b/c/ -> ["/a/b/", "/a/"]: the pages a POST-only action's form may sit on."""
    parts = urlsplit(url).path.rstrip("/").split("/")
    return ["/".join(parts[:n]) + "/" for n in range(len(parts) - 1, 1, -1)]


def _read(catalogue, response, url):
    if response.status_code != OK or "html" not in response.get("Content-Type", ""):
        return
    for form in forms_in(response.content, url):
        for target in form.targets():
            view = _view_name(target)
            if view is not None:
                catalogue.setdefault((view, form.method), FormSpec(form.method)).add(form)


def _visit(client, world, entry, pages):
    """GET `pages(url)` with the objects behind `entry`'s URL made for this visit alone
    (undone afterwards): [(response, page URL)]."""
    seen = []
    with transaction.atomic():
        url = entry.url(world)
        for page in pages(url):
            if not page.endswith(DOWNLOADS):
                seen.append((client.get(page), page))
        transaction.set_rollback(True)
    crypto.key_cache.clear()
    return seen


def crawl(people, client_for, personas=None):
    """{(view name, method): FormSpec} from every page the personas may open; then, for
    a POST target none of them showed a form for, the pages above its own URL (with its
    objects made), where a POST-only action's form usually sits."""
    catalogue = {}
    world = World(people)
    personas = personas or sorted({p for _, p in post_targets()}, key=PREFERENCE.index)
    for persona in personas:
        client = login_as(client_for, people, persona)
        for entry in MATRIX.values():
            if entry.GET[persona] == OK:
                for response, page in _visit(client, world, entry, lambda url: [url]):
                    _read(catalogue, response, page)
    for name, persona in post_targets():
        if (name, "post") in catalogue or persona not in personas:
            continue
        client = login_as(client_for, people, persona)
        for response, page in _visit(client, world, MATRIX[name], _ancestors):
            _read(catalogue, response, page)
    return catalogue
