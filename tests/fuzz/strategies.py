"""Hostile input for the fuzz tests (hypothesis strategies).

A value a form field may receive: what the page itself offers (so that the other fields
get past validation and deeper code runs), or something hostile: huge, empty, odd Unicode
(NUL, right-to-left marks, combining characters, emoji, lone surrogates sent as raw
bytes), the wrong type (numbers out of range, impossible dates, malformed UUIDs), or an
injection string (SQL, HTML/script, template syntax, CRLF, path traversal).

Values are `str`, or `bytes` sent as-is (percent-encoded): the only way to post bytes
that are not UTF-8, as a hostile client would.
"""

import os

from hypothesis import strategies as st

# Markers that must never come back unescaped in an HTML (or SVG) page.
XSS = [
    "<script>fz7q()</script>",
    '"><img src=x onerror=fz7q()>',
    "<svg onload=fz7q()>",
    "</textarea><script>fz7q()</script>",
    "javascript:fz7q()//<b>",
]

INJECTIONS = [
    *XSS,
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(0)",
    "%' AND 1=0 UNION SELECT NULL --",
    "{{ request.user.password }}",
    "{% debug %}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "%s%s%s%n",
    "{0.__class__}",
    "Line one\r\nSet-Cookie: fz7q=1",
    "header\r\n\r\n<html>",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/dev/zero",
    "file:///etc/passwd",
    "%2e%2e%2f%2e%2e%2f",
    "\x00",
    "nul\x00byte",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\u2066\u2069",  # direction marks and isolates
    "\ufeffbom",
    "e\u0301\u0301\u0301\u0301",  # combining marks
    "💥🔥\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
    "𝕿𝖗𝖚𝖘𝖙",
    "ǅ ß ﬁ İ",
    " ",
    "\t\n\r",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    '{"owner": 1}',
]

WRONG_TYPES = [
    "",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999999999",
    "0x10",
    "١٢",  # Arabic-Indic digits
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "2026-13-01T25:61:61",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-fffffffffffg",
    "not-a-uuid",
    "on",
    "off",
    "maybe",
]

# Bytes that are not valid UTF-8: a lone surrogate as CESU-8, an overlong slash, a
# truncated sequence, a stray continuation byte, invalid lead bytes.
BAD_BYTES = [b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82", b"\x80", b"\xff\xfe", b"ok\xf8end"]

# Fields a form never shows but a hostile client may add, hoping one is saved (Z3).
MASS_ASSIGNMENT = [
    "owner",
    "owner_id",
    "user",
    "user_id",
    "audience",
    "couple",
    "couple_id",
    "partner",
    "therapist",
    "client",
    "is_staff",
    "is_superuser",
    "role",
    "status",
    "id",
    "pk",
    "key",
    "created_at",
]


# Normal runs keep "huge" to tens of thousands of characters (every length limit here is
# smaller); deep runs go to about 1 MB of UTF-8. Bodies past Django's upload limits are
# tested on their own (test_fuzz_limits.py).
HUGE = 250_000 if os.environ.get("FUZZ_EXAMPLES") else 30_000


def huge_text():
    """Thousands of characters, or more."""
    return st.builds(
        lambda unit, times: unit * times,
        st.sampled_from(["A", "é", "💥", "<", "\x00", "'", "{{", " "]),
        st.integers(min_value=1_000, max_value=HUGE),
    )


def hostile_text():
    return st.one_of(
        st.sampled_from(INJECTIONS),
        st.sampled_from(WRONG_TYPES),
        st.text(max_size=300),  # any code point but surrogates
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40).map(
            lambda s: s + XSS[0]
        ),
        huge_text(),
    )


def hostile_value():
    """One value for any field: mostly text, sometimes bytes that are not UTF-8."""
    return st.one_of(
        hostile_text(),
        hostile_text(),
        hostile_text(),
        st.sampled_from(BAD_BYTES),
        st.binary(max_size=64),
    )


OMIT = object()  # leave the field out altogether


def field_value(offered, choices):
    """A value for one field: what the page offered, one of its choices, hostile, or
    missing; now and then several values for the one name."""
    options = [st.just(OMIT), hostile_value(), hostile_value()]
    if offered is not None:
        options += [st.just(offered), st.just(offered)]
    if choices:
        options.append(st.sampled_from(choices))
    single = st.one_of(*options)
    return st.one_of(single, single, single, st.lists(single, min_size=2, max_size=3))


def form_data(fields):
    """Data for a form: `fields` maps each name to (offered value or None, choices).
    Extra names a hostile client might add are mixed in."""
    known = st.fixed_dictionaries(
        {name: field_value(offered, choices) for name, (offered, choices) in fields.items()}
    )
    extra = st.dictionaries(
        st.one_of(st.sampled_from(MASS_ASSIGNMENT), st.sampled_from(INJECTIONS[:8])),
        st.one_of(hostile_value(), st.sampled_from(["1", "2", "true", "partner"])),
        max_size=3,
    )
    return st.builds(_merge, known, extra)


def _merge(known, extra):
    pairs = []
    for name, value in {**extra, **known}.items():
        values = value if isinstance(value, list) else [value]
        pairs += [(name, v) for v in values if v is not OMIT]
    return pairs


def json_values():
    """Any JSON document, hostile strings included."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text(),
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(st.one_of(st.text(max_size=20), hostile_text()), children, max_size=5),
        ),
        max_leaves=30,
    )
