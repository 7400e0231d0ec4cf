"""record(): what a row may hold, and that rows are only ever added (or leave by age or
with their account)."""

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from steadfast import audit
from steadfast.accounts import actions as account_actions
from steadfast.audit.models import AppendOnly, Event, Kind

from .test_devices import FIREFOX_ANDROID

pytestmark = pytest.mark.django_db


def a_request(**meta):
    return RequestFactory().get("/", **meta)


def test_an_event_keeps_what_when_and_roughly_where(alice):
    request = a_request(HTTP_USER_AGENT=FIREFOX_ANDROID, REMOTE_ADDR="203.0.113.77")

    event = audit.record(alice, "password_changed", request)

    event.refresh_from_db()
    assert (event.user, event.kind) == (alice, Kind.PASSWORD_CHANGED)
    assert (event.device, event.network) == ("Firefox on Android", "203.0.113.0/24")
    assert event.details == {}
    assert event.at.utcoffset().total_seconds() == 0  # stored in UTC


def test_without_a_request_there_is_no_device_or_network(alice):
    event = audit.record(alice, Kind.GRANT_ACCEPTED)

    assert (event.device, event.network) == ("", "")


def test_safe_fields_are_short_tokens(alice):
    event = audit.record(alice, "data_exported", a_request(), format="json", files=2, full=True)

    event.refresh_from_db()
    assert event.details == {"format": "json", "files": 2, "full": True}


@pytest.mark.parametrize(
    "fields",
    [
        {"password": "correct horse battery staple"},  # spaces: not a token
        {"email": "alice@example.org"},  # @: not a token
        {"note": "line\r\nForged: yes"},
        {"ua": "\x1b[31mred"},
        {"long": "x" * 41},
        {"Bad-Name": "x"},
        {"thing": ["a", "list"]},
        {"thing": None},
        {"thing": 2**40},
    ],
)
def test_anything_but_a_short_token_is_refused_and_nothing_is_written(alice, fields):
    with pytest.raises(ValueError) as refused:
        audit.record(alice, "data_exported", **fields)

    assert not Event.objects.exists()
    for value in fields.values():  # the refusal never repeats the value itself
        assert not isinstance(value, str) or value not in str(refused.value)


def test_an_unknown_kind_is_refused(alice):
    with pytest.raises(ValueError):
        audit.record(alice, "looked_at_partner")
    assert not Event.objects.exists()


def test_only_an_erasure_has_no_account(alice):
    with pytest.raises(ValueError):
        audit.record(None, "login")
    assert audit.record(None, "account_erased").user is None


def test_the_database_refuses_an_unknown_kind_and_an_event_without_an_account(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.bulk_create([Event(user=alice, kind="made_up")])
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.bulk_create([Event(user=None, kind=Kind.LOGIN)])


def test_an_event_is_never_changed(alice):
    event = audit.record(alice, "login")
    event.kind = Kind.LOGOUT

    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).update(kind=Kind.LOGOUT)
    with pytest.raises(AppendOnly), transaction.atomic():
        Event.objects.bulk_update([event], ["kind"])

    assert Event.objects.get(pk=event.pk).kind == Kind.LOGIN


def test_an_event_is_never_deleted_by_the_app(alice):
    event = audit.record(alice, "login")

    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).delete()

    assert Event.objects.filter(pk=event.pk).exists()


def test_the_events_go_with_the_account_and_the_erasure_names_nobody(alice, bob):
    audit.record(alice, "login", a_request(REMOTE_ADDR="203.0.113.7"))
    audit.record(alice, "password_changed")
    audit.record(bob, "login")

    account_actions.delete_account(alice)

    assert list(Event.objects.values_list("user", "kind")) == [
        (bob.pk, Kind.LOGIN),
        (None, Kind.ACCOUNT_ERASED),
    ]
    erased = Event.objects.get(kind=Kind.ACCOUNT_ERASED)
    assert (erased.device, erased.network, erased.details) == ("", "", {})


def test_an_event_written_in_a_transaction_that_fails_is_gone_with_it(alice):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(alice, "password_changed")
        raise RuntimeError("the change failed after the event was written")

    assert not Event.objects.exists()


def test_str_names_no_account(alice):
    event = audit.record(alice, "login")

    assert "alice" not in str(event).lower() and "Logged in" in str(event)
