"""Rendered chart images, kept in the default cache under a fingerprint of what they draw.

Drawing a chart with matplotlib costs tens of milliseconds; the queries that decide what
it shows cost far less and run anyway (the view needs them to know whether there is
anything to draw, and who may see it). So a chart's cache key is a hash of everything
handed to the renderer: the series and their points, the labels and the title (which
differ for the owner and for a partner), the time zone the dates are drawn in, the
source of the drawing code and matplotlib's version. Any change to the data drawn makes
a new key; nothing has to remember to invalidate anything. A shared result made private
again, a new mark, an unlinked partner: the viewer's own queries no longer return the
same rows, the fingerprint changes, and the old image is never looked up again (it
expires on its own after `TIMEOUT_SECONDS`).

The key also holds the viewer's id. The image is a pure function of the fingerprinted
inputs, so sharing it would be harmless; keeping keys per viewer means that even a
mistake in the fingerprint could not hand one person's image to another.

The cache is only a shortcut: if it fails (Redis down), the chart is drawn as before.
"""

import dataclasses
import hashlib
import logging
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from importlib import metadata, util
from uuid import UUID

from django.core.cache import cache as default_cache
from django.utils import timezone

log = logging.getLogger(__name__)

# Bump when the key's layout changes; the drawing code's own changes are picked up by
# hashing its source (DRAWING_MODULES).
VERSION = "1"
PREFIX = "steadfast:chart"
TIMEOUT_SECONDS = 24 * 3600
DRAWING_MODULES = ("steadfast.assessments.charts", "steadfast.commitments.charts")


def _encode(value, out):
    """Append to the list `out` a description of `value` that says everything about it,
    types included, and can be read back only one way (strings carry their length).

    Walks dataclasses (every field, so a field added later is fingerprinted without
    anyone remembering to), mappings, sequences and sets. Anything it does not know is a
    TypeError: an object fingerprinted by its id or an abbreviated repr could make two
    different charts share a key.
    """
    if value is None:
        out.append("N")
    elif isinstance(value, bool):
        out.append("T" if value else "F")
    elif isinstance(value, str):
        out.append(f"s{len(value)}:{value}")
    elif isinstance(value, int):
        out.append(f"i{value};")
    elif isinstance(value, float):
        out.append(f"f{value.hex()};")
    elif isinstance(value, datetime):
        out.append(f"t{value.isoformat()};")
    elif isinstance(value, date):
        out.append(f"d{value.isoformat()};")
    elif isinstance(value, time | timedelta | Decimal | UUID):
        out.append(f"o{type(value).__name__}:{value};")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        out.append(f"D{kind.__module__}.{kind.__qualname__}{{")
        for name in _field_names(kind):
            out.append(f"{name}=")
            _encode(getattr(value, name), out)
        out.append("}")
    elif isinstance(value, Mapping):
        pairs = sorted((_encoded(key), _encoded(item)) for key, item in value.items())
        out.append(f"M{len(pairs)}{{")
        out.extend(part for pair in pairs for part in pair)
        out.append("}")
    elif isinstance(value, set | frozenset):
        out.append(f"S{len(value)}{{")
        out.extend(sorted(_encoded(item) for item in value))
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append(f"L{len(value)}[")
        for item in value:
            _encode(item, out)
        out.append("]")
    else:
        raise TypeError(f"chart fingerprint: don't know how to describe {type(value).__name__}")


def _encoded(value):
    out = []
    _encode(value, out)
    return "".join(out)


@cache
def _field_names(kind):
    return tuple(field.name for field in dataclasses.fields(kind))


@cache
def drawing_code_version():
    """A hash of the drawing modules' source and matplotlib's version: a deploy that
    changes how charts look starts new keys instead of serving yesterday's images."""
    digest = hashlib.sha256(metadata.version("matplotlib").encode())
    for name in DRAWING_MODULES:
        spec = util.find_spec(name)
        with open(spec.origin, "rb") as source:
            digest.update(source.read())
    return digest.hexdigest()[:16]


def fingerprint(*inputs):
    """A hash of the renderer's inputs and of what else decides the drawing."""
    described = _encoded(
        (inputs, timezone.get_current_timezone_name(), drawing_code_version()),
    )
    return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()


def key_for(viewer, kind, *inputs):
    """The cache key of one chart as `viewer` sees it; `kind` names the chart."""
    return f"{PREFIX}:v{VERSION}:{kind}:{viewer.pk}:{fingerprint(*inputs)}"


def cached_render(viewer, kind, render, *inputs):
    """`render(*inputs)` (bytes), from the cache when this viewer's same chart of the same
    data was drawn within the last `TIMEOUT_SECONDS`."""
    key = key_for(viewer, kind, *inputs)
    try:
        found = default_cache.get(key)
    except Exception:  # a cache that is down must not take the chart with it
        log.warning("chart cache unavailable; drawing without it", exc_info=True)
        return render(*inputs)
    if isinstance(found, bytes):
        return found
    drawn = render(*inputs)
    try:
        default_cache.set(key, drawn, TIMEOUT_SECONDS)
    except Exception:
        log.warning("chart cache unavailable; not keeping the drawing", exc_info=True)
    return drawn
