"""Every form, fuzzed (security.md §3.5.3; requirements Z3, Z6; issue 10 item 5).

Each URL that takes a POST gets hostile form data (see strategies.py) as a persona who
gets past its access checks, and every answer must pass `checks.check`. Pages with a
GET form (search, filters) get hostile query strings the same way.

Runtime: 25 examples per target (one persona each) in the normal suite;
`FUZZ_EXAMPLES=500 pytest tests/fuzz` for a deep run as every persona.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_authorization_matrix import MATRIX, PERSONAS, World, login_as

from .checks import check, rolled_back, send, snapshot
from .conftest import PROFILE
from .strategies import form_data
from .targets import fallback_spec, post_targets, reachers

pytestmark = pytest.mark.django_db  # the catalogue needs the test database set up
TARGETS = post_targets()


def fuzz(client, method, url, spec, actor):
    """Run the profile's examples of hostile data for one form against `url`."""
    files = st.just(None)
    if spec.files:
        files = st.one_of(
            st.none(),
            st.fixed_dictionaries({name: st.binary(max_size=2_000) for name in spec.files}),
        )

    @settings(settings.get_profile(PROFILE))
    @given(pairs=form_data(spec.fields()), files=files)
    def run(pairs, files):
        with rolled_back():
            before = snapshot(actor)
            response = send(client, method, url, pairs, files)
            check(response, before, actor)

    run()


@pytest.mark.parametrize(("name", "persona"), TARGETS, ids=[f"{n}-{p}" for n, p in TARGETS])
def test_hostile_form_data_is_refused_cleanly(name, persona, personas, client_for, catalogue):
    client = login_as(client_for, personas, persona)
    url = MATRIX[name].url(World(personas))
    spec = catalogue.get((name, "post")) or fallback_spec()
    actor = personas[PERSONAS[persona]] if PERSONAS[persona] else None
    fuzz(client, "post", url, spec, actor)


def test_hostile_query_strings_are_refused_cleanly(personas, client_for, catalogue):
    """Every GET form the crawl found (search boxes, windows, filters)."""
    searched = sorted(name for name, method in catalogue if method == "get" and name in MATRIX)
    assert searched, "the crawl found no GET form at all"
    world = World(personas)
    for name in searched:
        who = reachers(name, "GET")
        if not who:
            continue
        persona = who[0]
        client = login_as(client_for, personas, persona)
        actor = personas[PERSONAS[persona]] if PERSONAS[persona] else None
        with rolled_back():  # the objects behind this URL, for this URL alone
            url = MATRIX[name].url(world)
            fuzz(client, "get", url, catalogue[(name, "get")], actor)


def test_the_crawl_finds_the_forms(catalogue):
    """Most POST targets have a form the crawl read (the rest get the fallback fields):
    if this drops, the crawl broke, and the fuzzer would be guessing names."""
    posting = {name for name, _ in TARGETS}
    found = {name for name, method in catalogue if method == "post"} & posting
    assert len(found) >= 0.8 * len(posting), sorted(posting - found)
