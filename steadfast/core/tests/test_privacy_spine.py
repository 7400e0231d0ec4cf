"""The privacy spine: who may see a `PersonalRecord`, decided only in `steadfast.core.access`.

Two test-only models are built on `PersonalRecord` in an isolated app registry, so
they never reach the real registry (and `makemigrations --check` never sees them).
Their tables are created once for this module, outside any transaction (SQLite can't
change its schema inside one), and dropped at the end; each test still runs in its
own rolled-back transaction.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, models, transaction
from django.http import Http404
from django.test.utils import isolate_apps

from steadfast.core.access import can_view, get_visible_or_404, partner_of, visible_to
from steadfast.core.models import Audience, PersonalRecord
from steadfast.core.testing import link, make_personas
from steadfast.couples import actions

with isolate_apps("steadfast.core") as _test_apps:
    # The owner foreign key names settings.AUTH_USER_MODEL; let it resolve here.
    User = get_user_model()
    _test_apps.register_model(User._meta.app_label, User)

    class SpineNote(PersonalRecord):
        body = models.TextField(default="")

        class Meta:
            app_label = "core"
            db_table = "core_test_spine_note"
            constraints = [PersonalRecord.audience_constraint("core_test_spine_note_audience")]

    class SpineSafetyNote(PersonalRecord):
        body = models.TextField(default="")

        class Meta:
            app_label = "core"
            db_table = "core_test_spine_safety_note"
            constraints = [
                PersonalRecord.safety_audience_constraint("core_test_spine_safety_audience")
            ]


TEST_MODELS = [SpineNote, SpineSafetyNote]


@pytest.fixture(scope="module")
def spine_tables(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        with connection.schema_editor() as editor:
            for model in TEST_MODELS:
                if model._meta.db_table in existing:  # left over from an interrupted run
                    editor.delete_model(model)
                editor.create_model(model)
        yield
        with connection.schema_editor() as editor:
            for model in TEST_MODELS:
                editor.delete_model(model)


@pytest.fixture
def people(spine_tables, db):
    return make_personas()


def fresh(user):
    """The user as the next request would load them: no partner cached from before."""
    if user is None:
        return AnonymousUser()
    return User.objects.get(pk=user.pk)


@pytest.fixture
def alices_notes(people):
    return {
        audience: SpineNote.objects.create(
            owner=people["alice"], audience=audience, body=f"alice {audience}"
        )
        for audience in Audience.values
    }


ALL = set(Audience.values)
PARTNER_AUDIENCES = {"partner", "partner+therapist"}
NOTHING = set()

# Who sees which of Alice's records. Alice and Bob are linked; Carol and Dan are
# another couple; Sam is on their own; Theo and Tina are therapists (no grants exist
# yet, so neither sees anything); None is a visitor who is not logged in.
EXPECTED = {
    "alice": ALL,
    "bob": PARTNER_AUDIENCES,
    "carol": NOTHING,
    "dan": NOTHING,
    "sam": NOTHING,
    "theo": NOTHING,
    "tina": NOTHING,
    None: NOTHING,
}


def viewer(people, name):
    return fresh(people[name] if name else None)


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items(), ids=[str(k) for k in EXPECTED])
def test_can_view(people, alices_notes, name, expected):
    seen = {
        audience for audience, note in alices_notes.items() if can_view(viewer(people, name), note)
    }
    assert seen == expected


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items(), ids=[str(k) for k in EXPECTED])
def test_visible_to(people, alices_notes, name, expected):
    visible = visible_to(SpineNote.objects.filter(owner=people["alice"]), viewer(people, name))
    assert {note.audience for note in visible} == expected


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items(), ids=[str(k) for k in EXPECTED])
def test_get_visible_or_404(people, alices_notes, name, expected):
    for audience, note in alices_notes.items():
        if audience in expected:
            found = get_visible_or_404(SpineNote.objects.all(), viewer(people, name), pk=note.pk)
            assert found == note
        else:
            with pytest.raises(Http404):
                get_visible_or_404(SpineNote.objects.all(), viewer(people, name), pk=note.pk)


def test_can_view_and_visible_to_agree_on_every_record(people):
    """Records of everyone in every audience: the per-record and the query answers match."""
    notes = [
        SpineNote.objects.create(owner=owner, audience=audience)
        for owner in people.values()
        for audience in Audience.values
    ]
    for person in [*people.values(), None]:
        who = fresh(person)
        by_query = set(visible_to(SpineNote.objects.all(), who).values_list("pk", flat=True))
        by_record = {note.pk for note in notes if can_view(fresh(person), note)}
        assert by_query == by_record, person


def test_partners_see_each_others_shared_records_and_their_own(people):
    alice, bob = people["alice"], people["bob"]
    mine = SpineNote.objects.create(owner=bob, audience=Audience.PRIVATE)
    hers = SpineNote.objects.create(owner=alice, audience=Audience.PARTNER)
    SpineNote.objects.create(owner=alice, audience=Audience.PRIVATE)
    SpineNote.objects.create(owner=people["carol"], audience=Audience.PARTNER)

    assert set(visible_to(SpineNote.objects.all(), fresh(bob))) == {mine, hers}


def test_default_audience_is_private(people):
    note = SpineNote.objects.create(owner=people["alice"])
    assert note.audience == Audience.PRIVATE
    assert SpineNote._meta.get_field("audience").default == Audience.PRIVATE
    assert not can_view(fresh(people["bob"]), note)


def test_missing_and_hidden_records_both_answer_404_never_403(people, alices_notes):
    bob = people["bob"]
    hidden = alices_notes["private"]
    missing_pk = max(note.pk for note in alices_notes.values()) + 1000

    for pk in (hidden.pk, missing_pk):
        with pytest.raises(Http404) as raised:
            get_visible_or_404(SpineNote.objects.all(), fresh(bob), pk=pk)
        assert not isinstance(raised.value, PermissionDenied)
        assert raised.value.args == ()  # nothing in it to tell the two apart


# ---------------------------------------------------------------------------
# Unlinking ends visibility at once
# ---------------------------------------------------------------------------


def test_after_unlink_the_ex_partner_sees_nothing_on_the_next_request(people, alices_notes):
    alice, bob = people["alice"], people["bob"]
    shared = alices_notes["partner"]
    assert can_view(fresh(bob), shared)

    actions.unlink(alice)

    for audience, note in alices_notes.items():
        assert not can_view(fresh(bob), note), audience
    assert not visible_to(SpineNote.objects.filter(owner=alice), fresh(bob)).exists()
    with pytest.raises(Http404):
        get_visible_or_404(SpineNote.objects.all(), fresh(bob), pk=shared.pk)
    # And the other way round.
    bobs = SpineNote.objects.create(owner=bob, audience=Audience.PARTNER)
    assert not can_view(fresh(alice), bobs)


def test_partner_is_cached_per_user_object_only(people, alices_notes):
    """Within one request the answer is stable; the next request (a new user object) re-reads."""
    alice, bob = people["alice"], people["bob"]
    this_request = fresh(bob)
    assert partner_of(this_request) == alice

    actions.unlink(alice)

    assert partner_of(this_request) == alice  # cached on this request's user
    assert partner_of(fresh(bob)) is None


def test_a_new_partner_never_inherits_what_was_shared_with_the_old_one(people, alices_notes):
    alice, bob, sam = people["alice"], people["bob"], people["sam"]
    actions.unlink(alice)
    link(bob, sam)

    assert not visible_to(SpineNote.objects.filter(owner=alice), fresh(sam)).exists()
    assert not visible_to(SpineNote.objects.filter(owner=alice), fresh(bob)).exists()

    assert visible_to(SpineNote.objects.filter(owner=alice), fresh(alice)).count() == 4


# ---------------------------------------------------------------------------
# The database refuses audiences a model does not allow
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("audience", "allowed"),
    [
        ("private", True),
        ("therapist", True),
        ("partner", False),
        ("partner+therapist", False),
        ("everyone", False),
    ],
)
def test_safety_records_never_take_a_partner_audience(people, audience, allowed):
    alice = people["alice"]
    if allowed:
        SpineSafetyNote.objects.create(owner=alice, audience=audience)
        assert SpineSafetyNote.objects.filter(audience=audience).count() == 1
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            SpineSafetyNote.objects.create(owner=alice, audience=audience)
        assert not SpineSafetyNote.objects.exists()


def test_safety_constraint_also_holds_for_updates(people):
    note = SpineSafetyNote.objects.create(owner=people["alice"])
    with pytest.raises(IntegrityError), transaction.atomic():
        SpineSafetyNote.objects.filter(pk=note.pk).update(audience=Audience.PARTNER)
    note.refresh_from_db()
    assert note.audience == Audience.PRIVATE


@pytest.mark.parametrize("audience", ["everyone", "public", "", "PARTNER"])
def test_audience_constraint_refuses_unknown_values(people, audience):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpineNote.objects.create(owner=people["alice"], audience=audience)
    assert not SpineNote.objects.exists()


@pytest.mark.parametrize("audience", Audience.values)
def test_audience_constraint_accepts_every_known_value(people, audience):
    SpineNote.objects.create(owner=people["alice"], audience=audience)
    assert SpineNote.objects.get().audience == audience


def test_the_test_models_stay_out_of_the_real_registry():
    from django.apps import apps

    assert SpineNote not in apps.get_models()
    assert SpineSafetyNote not in apps.get_models()
