"""Rendered sections of a page kept whole in the shared cache, sealed, one slot per viewer.

Some sections cost far more to build than to show: the couple view's promises are sums
over every day of every shared promise, then estimates, then a template. When the data
behind them has not changed since this viewer last saw them, the HTML is the same, so it
is kept and shown again.

How "has not changed" is known, without reading the data:

* **Generations.** Every person has a generation number in the cache. Saving or deleting
  a record that such a section shows (the apps that own the section connect the signals,
  e.g. steadfast/together/apps.py) raises the generation of the people concerned, at once
  and again when the transaction has committed. A missing number (evicted, a flushed
  cache) is set to the current time in nanoseconds, never to a number used before, so an
  old entry can't come back to life.
* **Fingerprint.** A section's key is a hash (`chartcache.fingerprint`) of everything it
  depends on: the viewer and the partner, their generations, the day and the time zone,
  whatever cheap rows the view reads fresh on every request (the couple view: the ids,
  audiences and last changes of the promises each may see, so that a promise made
  private again disappears at once even if a generation bump were lost), and a hash of
  the code that renders it (a deploy starts new entries).
* **One slot per (section, viewer)**, holding (fingerprint, sealed HTML). A new
  fingerprint overwrites the slot, so the cache holds one entry per viewer and section,
  and an erasure or an unlink can delete them by name (`forget`).

The HTML holds what people wrote (a shared promise's words), so it is sealed with
AES-256-GCM under a key derived from the master key (`crypto.seal_for_cache`), bound to
the slot and the fingerprint: a copy of the cache server's memory or disk reads as
noise, and an entry cannot be moved to another slot. Entries expire after
`TIMEOUT_SECONDS` whatever happens.

Only a cache every app process shares (Redis) keeps sections: with a per-process cache a
bump in one process would not reach the others. `settings.STEADFAST_SECTION_CACHE` says
whether it is on (by default: when `REDIS_URL` is set). Off, or with the cache down,
sections are simply built every time.
"""

import hashlib
import json
import logging
import time
from functools import cache
from importlib import util
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache as default_cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from . import chartcache, crypto

log = logging.getLogger(__name__)

VERSION = "1"
PREFIX = "steadfast:section"
GENERATION_PREFIX = "steadfast:generation"
# Whose eyes a section is for; each has its own generations (see `bump`).
PARTNER, THERAPIST = "partner", "therapist"
SCOPES = frozenset({PARTNER, THERAPIST})
TIMEOUT_SECONDS = 3600


def enabled():
    return bool(getattr(settings, "STEADFAST_SECTION_CACHE", False))


def _generation_key(scope, user_id):
    return f"{GENERATION_PREFIX}:{scope}:{user_id}"


def _slot(name, viewer_id):
    return f"{PREFIX}:v{VERSION}:{name}:{viewer_id}"


# --- Generations -----------------------------------------------------------------------


def bump(scope, *user_ids):
    """Raise these people's generations in `scope` now and again once the current
    transaction commits. Now: no entry cached before the change is shown again. On
    commit: a request that read the old rows between the two and kept what it built is
    not shown either (its entry carries the first raised number). Nothing to do when
    sections are off.

    `scope` is who looks: PARTNER (the couple view) or THERAPIST (the caseload and the
    summaries). Raise a scope's generation only for a change that viewer can see: a
    section rebuilt after a change it cannot show would answer more slowly, and the
    difference in time would tell the partner that something private happened."""
    if scope not in SCOPES:
        raise ValueError(f"unknown section scope {scope!r}")
    ids = sorted({int(i) for i in user_ids if i is not None})
    if ids and enabled():
        _bump_now(scope, ids)
        transaction.on_commit(lambda: _bump_now(scope, ids))


def _bump_now(scope, ids):
    for user_id in ids:
        key = _generation_key(scope, user_id)
        try:
            try:
                default_cache.incr(key)
            except ValueError:  # no number yet: start one no earlier entry can carry
                default_cache.set(key, time.time_ns(), None)
        except Exception:
            # The fresh rows in every fingerprint still hide anything made private; what
            # may go stale for TIMEOUT_SECONDS is counts. Say so loudly.
            log.error("section cache: could not raise generation of %s", user_id, exc_info=True)


def forget(name, user_ids):
    """Delete these viewers' slots of one section (an erasure, an unlink)."""
    if not enabled():
        return
    keys = [_slot(name, user_id) for user_id in {int(i) for i in user_ids if i is not None}]
    try:
        default_cache.delete_many(keys)
    except Exception:
        log.error("section cache: could not delete %s slots", name, exc_info=True)


# --- Sections ----------------------------------------------------------------------------


@cache
def code_version(modules, templates):
    """A hash of the modules' and templates' source: a deploy that changes how a section
    reads starts new entries instead of showing the old rendering."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(Path(util.find_spec(name).origin).read_bytes())
    for relative in templates:
        matches = sorted(Path(settings.BASE_DIR, "steadfast").glob(f"*/templates/{relative}"))
        if not matches:
            raise FileNotFoundError(f"section template {relative} not found")
        for match in matches:
            digest.update(match.read_bytes())
    return digest.hexdigest()[:16]


def cached_section(name, viewer, people, inputs, render, *, scope, code=("", ()), timeout=None):
    """The HTML of section `name` as `viewer` sees it: `render()` (a string), or the same
    string kept from an earlier call with the same inputs.

    `people`: the ids whose generations the section depends on (the viewer's and the
    partner's). `inputs`: everything else it depends on that a generation does not cover
    (see the module's docstring); anything `chartcache.fingerprint` can describe.
    `code`: (modules, templates) whose source is part of the key (`code_version`).
    """
    html = cached_value(
        name,
        viewer,
        people,
        inputs,
        lambda: str(render()),
        scope=scope,
        code=code,
        timeout=timeout,
    )
    # Our own templates rendered it (autoescaped); sealed while kept, so not altered.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def cached_value(name, viewer, people, inputs, build, *, scope, code=("", ()), timeout=None):
    """As `cached_section`, for any value JSON can carry (what `build()` returns must come
    back the same from json.loads(json.dumps(...)): lists, not tuples)."""
    if not enabled():
        return build()
    people = tuple(int(i) for i in people)
    slot = _slot(name, viewer.pk)
    try:
        keys = [_generation_key(scope, i) for i in people]
        found = default_cache.get_many([slot, *keys])
        generations = [found.get(key) for key in keys]
        if any(g is None for g in generations):
            generations = [_generation(k, g) for k, g in zip(keys, generations, strict=True)]
    except Exception:
        log.warning("section cache unavailable; building %s without it", name, exc_info=True)
        return build()
    print_ = chartcache.fingerprint(
        name, scope, viewer.pk, people, generations, inputs, code_version(*code)
    )
    context = f"{slot}:{print_}".encode()
    stored = found.get(slot)
    if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == print_:
        try:
            return json.loads(crypto.open_from_cache(stored[1], stored[2], context))
        except (crypto.DecryptionError, ValueError):
            log.warning("section cache: an entry of %s did not open; rebuilding", name)
    value = build()
    key_id, sealed = crypto.seal_for_cache(json.dumps(value).encode("utf-8"), context)
    try:
        default_cache.set(slot, (print_, key_id, sealed), timeout or TIMEOUT_SECONDS)
    except Exception:
        log.warning("section cache unavailable; not keeping %s", name, exc_info=True)
    return value


# --- Whole pages --------------------------------------------------------------------------


@cache
def csrf_placeholder():
    """What a kept page holds where the request's CSRF token goes: letters and digits
    derived from SECRET_KEY, so nobody can write it into a shared text on purpose."""
    return "csrf" + salted_hmac("steadfast.sections.csrf", "placeholder").hexdigest()[:40]


def page_inputs(request):
    """What every page's frame (base.html) shows that depends on who asks: the name the
    app goes by for this person (discreet mode), their role (the menu), their name."""
    from .context_processors import steadfast

    user = request.user
    frame = steadfast(request)
    return (user.pk, user.role, user.display_name, sorted(frame.items()))


class Changed(Exception):  # noqa: N818  (not an error: a page that may not be kept)
    """Raised by a page's `context()` when what it read no longer matches what its key
    was made from (a change came between the two): the page is shown from `context`,
    as given here, and not kept."""

    def __init__(self, context):
        super().__init__("the page's data changed while it was built")
        self.context = context


def cached_page(request, name, people, inputs, template, context, *, scope, code):
    """The response of a whole page: `template` rendered with `context()`, or the same
    page kept from an earlier request with the same inputs (as `cached_section`; `code`
    should name base.html and every template the page includes).

    The kept copy has `csrf_placeholder()` where the CSRF token goes; each response gets
    this request's token. A page with messages waiting to be shown is built fresh (and
    the messages with it), never kept."""

    def fresh():
        try:
            values = context()
        except Changed as changed:
            values = changed.context
        return render(request, template, values)

    if not enabled() or len(get_messages(request)):
        return fresh()

    def build():
        values = {**context(), "csrf_token": csrf_placeholder()}
        return render_to_string(template, values, request)

    try:
        html = cached_value(
            name,
            request.user,
            people,
            (page_inputs(request), inputs),
            build,
            scope=scope,
            code=code,
        )
    except Changed as changed:
        return render(request, template, changed.context)
    return HttpResponse(html.replace(csrf_placeholder(), get_token(request)))


def safe(html):
    """A string of HTML that came from `cached_value` (built by our own templates)."""
    # Our own templates rendered it (autoescaped); sealed while kept, so not altered.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def _generation(key, found):
    if found is not None:
        return found
    default_cache.add(key, time.time_ns(), None)
    return default_cache.get(key)
