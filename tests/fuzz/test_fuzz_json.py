"""JSON in, and URL arguments (issue 10 item 5; requirement Z6).

The only JSON the site takes in is a FHIR QuestionnaireResponse, pasted or uploaded at
/measures/import/. It gets valid responses mutated at random (a value swapped for any
JSON, a key dropped or added), arbitrary JSON, and text that is not JSON at all. Every
answer must pass `checks.check`; an import that is accepted adds exactly one private
measure, the importer's.

The JSON the site gives out (a FHIR Questionnaire or QuestionnaireResponse, the data
export, the calendar feed) is read-only and reached by URL arguments: every URL with an
argument gets hostile values in it, as a persona who may open it.

There is no JSON API and no OpenAPI schema (DESIGN.md plans one; nothing serves it
yet), so there is nothing for schemathesis to run against.
"""

import copy
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.urls import resolve, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.assessments import fhir
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import Measure
from tests.test_authorization_matrix import MATRIX, PERSONAS, World, login_as

from .checks import check, refused, rolled_back, send, snapshot
from .conftest import PROFILE
from .strategies import INJECTIONS, WRONG_TYPES, hostile_text, json_values
from .targets import DEEP, reachers

pytestmark = pytest.mark.django_db
IMPORT = "/measures/import/"
AUTHORED = datetime(2026, 10, 3, 8, 15, tzinfo=UTC)
# (instrument, number of scored items, highest value)
SCORED = [("phq9", 9, 3), ("gad7", 7, 3)]


@st.composite
def valid_responses(draw):
    key, count, top = draw(st.sampled_from(SCORED))
    values = draw(st.lists(st.integers(0, top), min_size=count, max_size=count))
    answers = dict(enumerate(values, start=1))
    return fhir.questionnaire_response(get_instrument(key), answers, authored=AUTHORED)


def _places(document, path=()):
    """Every (container, key) in a JSON document, for a mutation to pick one."""
    found = []
    items = document.items() if isinstance(document, dict) else enumerate(document)
    for key, value in items:
        found.append((path, key))
        if isinstance(value, dict | list):
            found += _places(value, (*path, key))
    return found


def _at(document, path):
    for key in path:
        document = document[key]
    return document


@st.composite
def mutated_responses(draw):
    """A valid response with one to four things changed anywhere in it."""
    document = copy.deepcopy(draw(valid_responses()))
    for _ in range(draw(st.integers(1, 4))):
        places = _places(document)
        if not places:
            break
        path, key = draw(st.sampled_from(places))
        container = _at(document, path)
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace":
            container[key] = draw(json_values())
        elif action == "drop":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.sampled_from(["id", "extension", "item", "status", "x"]))] = draw(
                json_values()
            )
        else:
            container.append(draw(json_values()))
    return document


def _dumps(document, ascii_only):
    return json.dumps(document, ensure_ascii=ascii_only)


not_json = st.one_of(
    hostile_text(),
    st.sampled_from(
        [
            "[" * 50_000,
            '{"a":' * 50_000,
            "NaN",
            "[Infinity]",
            '{"resourceType": "QuestionnaireResponse"',  # cut short
            "\ufeff{}",
            '{"resourceType": "QuestionnaireResponse", "resourceType": "Patient"}',
            "1e99999",
            '"' + "\\ud800" + '"',  # an escaped lone surrogate
        ]
    ),
)

documents = st.one_of(
    st.builds(_dumps, mutated_responses(), st.booleans()),
    st.builds(_dumps, json_values(), st.booleans()),
    not_json,
)


def test_fhir_import_takes_hostile_json_cleanly(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)

    @settings(settings.get_profile(PROFILE))
    @given(document=documents, as_file=st.booleans())
    def run(document, as_file):
        key = str(uuid.uuid4())
        with rolled_back():
            before = snapshot(alice)
            measures = Measure.objects.filter(owner=alice).count()
            if as_file:
                response = send(
                    client, "post", IMPORT, [("submission_key", key)], {"file": document.encode()}
                )
            else:
                pairs = [("submission_key", key), ("text", document)]
                response = send(client, "post", IMPORT, pairs)
            check(response, before, alice)
            if response.status_code == 302:
                assert Measure.objects.filter(owner=alice).count() == measures + 1
                assert Measure.objects.get(owner=alice, submission_key=key).audience == "private"
            else:
                assert refused(response)

    run()


def test_a_valid_response_is_imported(personas, client_for):
    """The fuzzing above is not only refusals: a valid response does get in."""
    document = fhir.questionnaire_response(
        get_instrument("phq9"), dict.fromkeys(range(1, 10), 1), authored=AUTHORED
    )
    response = client_for(personas["alice"]).post(
        IMPORT, {"submission_key": str(uuid.uuid4()), "text": json.dumps(document)}
    )
    assert response.status_code == 302
    assert Measure.objects.get().total == 9


# ---------------------------------------------------------------------------
# URL arguments
# ---------------------------------------------------------------------------


def _with_arguments():
    """(URL name, persona, method) for every URL with arguments, as one persona who may
    use it (by GET if it answers GETs, else by POST)."""
    found = []
    for name in MATRIX:
        if "<" not in str(resolve_route(name)):
            continue
        for method in ("GET", "POST"):
            who = reachers(name, method)
            if who:
                found.append((name, who[0], method))
                break
    return found


def resolve_route(name):
    from tests.authz import iter_routes

    return next(r.route for r in iter_routes() if r.name == name)


ARGUMENTS = _with_arguments()
# Most hostile arguments stop at the URL converter; ten each keep the normal run short.
EXAMPLES_PER_ARGUMENT = settings.get_profile(PROFILE).max_examples if DEEP else 10

# A hostile value for an argument of each kind: the converter refuses most of them
# before any view runs (404), and the rest must be refused by the view.
SLUG = st.one_of(
    st.from_regex(r"\A[-a-zA-Z0-9_]{1,300}\Z"),
    st.sampled_from(["phq9", "PHQ9", "0", "-", "_", "x" * 5_000, "con", "aux", "nul"]),
)
ANY = st.one_of(
    SLUG,
    hostile_text().filter(lambda s: s and "/" not in s and "\x00" not in s),
    st.sampled_from([i for i in INJECTIONS + WRONG_TYPES if i and "/" not in i]),
)
UUIDS = st.one_of(st.uuids(), st.just(uuid.UUID(int=0)))


def _hostile_url(url, draw):
    match = resolve(url.split("?")[0])
    kwargs = dict(match.kwargs)
    name = draw(st.sampled_from(sorted(kwargs)))
    converter = match.route
    if f"<uuid:{name}>" in converter:
        kwargs[name] = draw(UUIDS)
        return reverse(match.view_name, kwargs=kwargs)
    value = draw(SLUG if f"<slug:{name}>" in converter else ANY)
    path = reverse(match.view_name, kwargs={**kwargs, name: "ARGUMENT"})
    return path.replace("ARGUMENT", quote(value, safe=""), 1)


@pytest.mark.parametrize(
    ("name", "persona", "method"), ARGUMENTS, ids=[f"{n}-{p}-{m}" for n, p, m in ARGUMENTS]
)
def test_hostile_url_arguments_are_refused_cleanly(name, persona, method, personas, client_for):
    client = login_as(client_for, personas, persona)
    url = MATRIX[name].url(World(personas))
    actor = personas[PERSONAS[persona]] if PERSONAS[persona] else None

    @settings(settings.get_profile(PROFILE), max_examples=EXAMPLES_PER_ARGUMENT)
    @given(data=st.data())
    def run(data):
        hostile = _hostile_url(url, data.draw)
        with rolled_back():
            before = snapshot(actor)
            response = send(client, method.lower(), hostile, [])
            check(response, before, actor)

    run()
