"""Idempotent writes (security.md §5.1, §5.2; requirements R1, R3, R4).

Every form that creates something carries a one-time key (`steadfast.core.idempotency`):

- the inventory: every URL that takes a POST (from the authorisation matrix, which the
  resolver keeps complete) is either in `CREATES`, or in `NOT_CREATING` with the reason
  it needs no key. Each create path's model keeps one record per (owner, key) in the
  database, and the page showing its form renders a fresh hidden key;
- a form sent twice saves once and gets the first answer back;
- its key sent again with other data is refused (422) with a clear message, nothing saved;
- a duplicate that slips past the first look-up (as a concurrent request would) meets the
  unique constraint and gets a clean answer, never a 500. On PostgreSQL four threads
  really send the same form at once;
- a request is one transaction: a failure after its first write leaves nothing (R1), and
  the database itself refuses a second record with the same owner and key (R4).
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, connections, models
from django.test import Client
from django.urls import reverse

from steadfast.core import idempotency
from steadfast.core.testing import page_text, pass_second_step, rows

from .fuzz.htmlforms import forms_posting_to
from .test_authorization_matrix import (
    MATRIX,
    NOT_ALLOWED,
    NOT_FOUND,
    PERSONAS,
    THERAPISTS,
    TO_ADMIN_LOGIN,
    TO_LOGIN,
    World,
    login_as,
)

KEY = idempotency.KEY_FIELD
REFUSALS = (NOT_ALLOWED, NOT_FOUND, TO_LOGIN, TO_ADMIN_LOGIN)


def plain(name, *args):
    return lambda world: reverse(name, args=args)


def parent(url):
    """The page a POST-only action's form is on: its URL less the last part."""
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


def _import_text(value):
    from steadfast.assessments import fhir
    from steadfast.assessments.definitions import get_instrument

    answers = dict.fromkeys(range(1, 10), value)
    authored = datetime(2026, 10, 3, 8, 15, tzinfo=UTC)
    response = fhir.questionnaire_response(get_instrument("phq9"), answers, authored=authored)
    return json.dumps(response)


@dataclass(frozen=True)
class Create:
    """A URL whose POST creates a record, and how to send it a real form."""

    model: str  # "app_label.Model"
    owner: str  # the owner's field in the (owner, key) unique constraint
    persona: str  # who sends the form
    url: object  # World -> the URL the form posts to
    host: object = None  # the posted URL -> the page showing the form (default: the same)
    fill: dict = field(default_factory=dict)  # values on top of the form's own defaults
    change: dict = field(default_factory=dict)  # other data (default: edit a text or choice)
    # The look-up skipped, does the duplicate reach the (owner, key) constraint? Where an
    # earlier check (the conversation's step, the day already marked) answers first, the
    # duplicate is still refused cleanly, with that check's answer.
    reaches_constraint: bool = True

    def model_class(self):
        return apps.get_model(self.model)


CREATES = {
    "checkins:daily": Create("checkins.DailyCheckIn", "owner", "owner", plain("checkins:daily")),
    "commitments:list": Create(
        "commitments.Commitment", "owner", "owner", plain("commitments:list")
    ),
    "commitments:mark": Create(
        "commitments.Mark",
        "owner",
        "owner",
        lambda w: w.commitment_url("commitments:mark"),
        host=parent,
        reaches_constraint=False,  # the day's mark is found first
    ),
    "commitments:acknowledge": Create(
        "commitments.Acknowledgement",
        "partner",
        "partner",
        lambda w: w.commitment_url("commitments:acknowledge"),
        host=parent,
        reaches_constraint=False,  # the day's answer is found first
    ),
    "safety:checkin": Create("safety.CheckIn", "owner", "owner", plain("safety:checkin")),
    "assessments:take": Create(
        "assessments.Measure", "owner", "owner", plain("assessments:take", "phq9")
    ),
    "assessments:import": Create(
        "assessments.Measure",
        "owner",
        "owner",
        plain("assessments:import"),
        fill={"text": _import_text(1)},
        change={"text": _import_text(2)},
    ),
    "conversations:index": Create(
        "conversations.Conversation", "owner", "owner", plain("conversations:index")
    ),
    "conversations:turn": Create(
        "conversations.Turn",
        "owner",
        "owner",
        lambda w: w.conversation_url("conversations:turn"),
        host=parent,
        reaches_constraint=False,  # the form's step is found stale first
    ),
    "selfcare:index": Create("selfcare.Activity", "owner", "owner", plain("selfcare:index")),
    "selfcare:strengths": Create(
        "selfcare.Reflection", "owner", "owner", plain("selfcare:strengths")
    ),
    "selfcare:went_well": Create(
        "selfcare.Reflection",
        "owner",
        "owner",
        plain("selfcare:went_well"),
        host=lambda url: reverse("selfcare:strengths"),
    ),
    "selfcare:log": Create(
        "selfcare.LogEntry",
        "owner",
        "owner",
        lambda w: w.care_url("selfcare:log"),
        host=lambda url: reverse("selfcare:index"),
    ),
    "journal:new": Create("journal.Entry", "owner", "owner", plain("journal:new")),
    "journal:thought_new": Create(
        "journal.ThoughtRecord",
        "owner",
        "owner",
        plain("journal:thought_new"),
        fill={"strength_before": "70"},
    ),
    "recovery:start": Create(
        "recovery.Pathway",
        "starter",
        "owner",
        plain("recovery:start"),
        host=lambda url: reverse("recovery:index"),
    ),
    "recovery:limits": Create(
        "recovery.LimitsProposal",
        "owner",
        "owner",
        lambda w: w.pathway_url("recovery:limits"),
        fill={"per_week": "2"},
    ),
    "recovery:questions": Create(
        "recovery.Question", "owner", "owner", lambda w: w.pathway_url("recovery:questions")
    ),
    "recovery:offers": Create(
        "recovery.Offer", "owner", "partner", lambda w: w.pathway_url("recovery:offers")
    ),
    "practice:notes": Create(
        "practice.SessionNote",
        "therapist",
        "therapist_with_grant",
        lambda w: w.grant_url("practice:notes"),
    ),
}

ROTATES = "makes a fresh secret and retires the one before, so at most one works at a time"
STEP = (
    "guarded by the conversation's step: the move is written with a conditional UPDATE on "
    "the step the form was shown at, so a resend is refused ('moved on') and saves nothing"
)
ONE_PER = "updates the one row per {}, which a unique constraint keeps single"
STATE = "sets a state (a flag or a date) on an existing row: sending it twice leaves the same"
VERSIONED = (
    "edits an existing row from the version the form was opened at (a stale one is shown "
    "as a conflict); the same words sent twice leave the same row"
)
NO_ROW = "writes no record of its own"
ELSEWHERE = " (steadfast/{} is another engineer's; see the report)"

# Every URL that takes a POST and creates nothing new, and why it needs no key.
NOT_CREATING = {
    "core:quick_exit": "logs out: " + NO_ROW,
    "admin:login": "logs in: " + NO_ROW,
    "accounts:signup": "emails a link; the account is made by signup_finish",
    "accounts:signup_finish": (
        "makes the account, one per email address (a unique column); a resend finds the "
        "person logged in and sends them home" + ELSEWHERE.format("accounts/views.py")
    ),
    "accounts:login": "logs in: " + NO_ROW,
    "accounts:logout": "logs out: " + NO_ROW,
    "accounts:reset": "emails a link: " + NO_ROW,
    "accounts:reset_confirm": "sets a password once through a single-use link",
    "accounts:account": ONE_PER.format("account"),
    "accounts:password_change": ONE_PER.format("account"),
    "accounts:email_change": "emails a link: " + NO_ROW,
    "accounts:email_confirm": ONE_PER.format("account"),
    "accounts:delete": "erases: " + NO_ROW,
    "datarights:data": (
        "answers with a download; its only row is the audit log's entry, one per download by design"
    ),
    "couples:invite": "an invitation " + ROTATES,
    "couples:withdraw": STATE,
    "couples:join": (
        "links the two; a person is in one couple at most (Membership is one-to-one), so a "
        "resend is refused as 'already linked'"
    ),
    "couples:join_code": "the same view as couples:join",
    "couples:unlink": "deletes: " + NO_ROW,
    "safety:plan": ONE_PER.format("person (the safety plan)"),
    "assessments:schedule": ONE_PER.format("person and instrument"),
    "assessments:draft": ONE_PER.format("person and instrument (the draft)"),
    "assessments:share": STATE,
    "checkins:sharing": ONE_PER.format("person (the standing choice)"),
    "checkins:share": STATE,
    "commitments:renegotiate": (
        "edits the promise and adds a history event only when something changed, so the "
        "same form sent twice adds one event"
    ),
    "commitments:retire": STATE,
    "reminders:settings": ONE_PER.format("person"),
    "reminders:new_feed": "the calendar link " + ROTATES,
    "reminders:revoke_feed": STATE,
    "conversations:coach": "gives feedback on a draft: " + NO_ROW,
    "conversations:exercise": (
        ONE_PER.format("person, couple, exercise and prompt")
        + "; finishing is once per person and exercise (unique)"
    ),
    "conversations:time_out": STEP,
    "conversations:resume": STEP,
    "conversations:close": STEP,
    "selfcare:edit_activity": VERSIONED,
    "selfcare:edit_reflection": VERSIONED,
    "selfcare:share_activity": STATE,
    "selfcare:share_reflection": STATE,
    "selfcare:retire_activity": STATE,
    "journal:edit": VERSIONED,
    "journal:thought_edit": VERSIONED,
    "journal:share": STATE,
    "journal:thought_share": STATE,
    "journal:delete": "deletes: " + NO_ROW,
    "journal:thought_delete": "deletes: " + NO_ROW,
    "recovery:join": STATE,
    "recovery:decline": STATE,
    "recovery:resume": STATE,
    "recovery:stop": STATE,
    "recovery:letter": VERSIONED + "; " + ONE_PER.format("path (the letter)"),
    "recovery:reply": VERSIONED + "; " + ONE_PER.format("letter (the reply)"),
    "recovery:write": VERSIONED + "; " + ONE_PER.format("path, person and prompt"),
    "recovery:decide": VERSIONED + "; " + ONE_PER.format("path and person"),
    "recovery:share": STATE,
    "recovery:accept": STATE,
    "recovery:answer": (
        "one answer per question (one-to-one): the same answer sent again returns it, "
        "another is refused as 'already answered'"
    ),
    "recovery:withdraw": STATE,
    "program:sharing": ONE_PER.format("person (the standing choice)"),
    "program:module": ONE_PER.format("person and module") + "; moving only sets its state",
    "program:progress": (
        ONE_PER.format("person and module") + "; the reflection is saved into it with its "
        "version and the key of the form that saved it"
    ),
    "program:share": STATE,
    "practice:accept": STATE,
    "practice:session_date": ONE_PER.format("grant"),
    "practice:assign": ONE_PER.format("therapist, client and instrument while pending"),
    "practice:note_edit": VERSIONED,
    "practice:note_delete": "deletes: " + NO_ROW,
    "practice:welcome": "sets a password once through a single-use link",
    "practice_profile:edit": ONE_PER.format("therapist (the listing)"),
    "access:index": (
        ONE_PER.format("client and therapist address (the grant)")
        + "; the invitation email goes only when the grant is made"
    ),
    "access:change": STATE,
    "access:revoke": "deletes: " + NO_ROW,
    "access:proposal_accept": STATE + "; the schedule it writes is " + ONE_PER.format("person"),
    "access:proposal_decline": STATE,
    **{
        f"twofactor:{name}": (
            "replaces the account's devices or codes (the old ones are deleted first)"
            + ELSEWHERE.format("practice/views_twofactor.py")
        )
        for name in ("setup", "backup_codes", "off")
    },
    "twofactor:verify": "finishes a log-in: " + NO_ROW,
}


def takes_posts(entry):
    """Does any persona get past the method and access checks with a POST?"""
    return any(answer not in REFUSALS for answer in entry.POST.values())


# ---------------------------------------------------------------------------
# The inventory
# ---------------------------------------------------------------------------


def test_every_url_that_takes_a_post_is_classified():
    posting = {name for name, entry in MATRIX.items() if takes_posts(entry)}
    both = set(CREATES) & set(NOT_CREATING)
    assert not both, f"listed as creating and as not: {sorted(both)}"
    missing = posting - set(CREATES) - set(NOT_CREATING)
    assert not missing, f"POST URLs not classified here (does it create a record?): {missing}"
    stale = (set(CREATES) | set(NOT_CREATING)) - posting
    assert not stale, f"classified here but take no POST: {sorted(stale)}"


def test_every_exclusion_gives_a_reason():
    assert all(len(reason) > 20 for reason in NOT_CREATING.values())


@pytest.mark.parametrize("name", CREATES)
def test_the_model_keeps_one_record_per_owner_and_key(name):
    case = CREATES[name]
    unique = [
        tuple(c.fields)
        for c in case.model_class()._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None
    ]
    assert (case.owner, KEY) in unique


# ---------------------------------------------------------------------------
# Sending real forms
# ---------------------------------------------------------------------------


class Sender:
    """One create path, set up in a fresh world: the persona's client, the URL, the form."""

    def __init__(self, name, personas, client_for):
        self.name = name
        self.case = CREATES[name]
        self.personas = personas
        self.client = login_as(client_for, personas, self.case.persona)
        self.world = World(personas)
        self.url = self.case.url(self.world)
        self.host = self.case.host(self.url) if self.case.host else self.url
        self.person = personas[PERSONAS[self.case.persona]]

    def form(self, client=None):
        page = (client or self.client).get(self.host)
        assert page.status_code == 200, (self.host, page.status_code)
        found = forms_posting_to(page.content, self.host, urlsplit(self.url).path)
        assert found, f"no form posting to {self.url} on {self.host}"
        return found[0]

    def data(self, form=None):
        form = form or self.form()
        return {**form.filled(), **self.case.fill}

    def changed(self, form, data):
        if self.case.change:
            return {**data, **self.case.change}
        for control in form.controls:
            if control.kind in ("text", "textarea") and control.name in data:
                return {**data, control.name: f"{data[control.name]} (changed)"}
        for control in form.controls:
            others = [v for v in form.choices(control.name) if v != data.get(control.name)]
            if control.kind == "radio" and others:
                return {**data, control.name: others[0]}
        raise AssertionError(f"{self.name}: say how to change the data")

    def saved(self):
        return rows(self.case.model_class(), **{self.case.owner: self.person})

    def post(self, data, client=None):
        return (client or self.client).post(self.url, data)


@pytest.fixture(autouse=True)
def _no_static_scan(settings):
    settings.WHITENOISE_USE_FINDERS = False


@pytest.fixture
def sender(request, personas, client_for):
    return Sender(request.param, personas, client_for)


def _by_name(test):
    return pytest.mark.parametrize("sender", list(CREATES), indirect=True)(test)


def _first_answer(response):
    assert response.status_code == 302, (response.status_code, page_text(response)[:2000])
    return response["Location"]


@_by_name
def test_the_form_carries_a_fresh_hidden_key(sender):
    first, second = sender.form(), sender.form()
    keys = [form.hidden().get(KEY) for form in (first, second)]
    assert all(keys), "the form has no hidden one-time key"
    assert all(uuid.UUID(key) for key in keys)
    assert keys[0] != keys[1], "each showing of the form needs its own key"


@_by_name
def test_a_form_sent_twice_saves_once_and_answers_the_same(sender):
    before = sender.saved()
    data = sender.data()

    first = sender.post(data)
    location = _first_answer(first)
    after_first = sender.saved()
    again = sender.post(data)

    assert len(after_first) == len(before) + 1
    assert again.status_code == 302
    assert again["Location"] == location
    assert sender.saved() == after_first


@_by_name
def test_the_key_sent_again_with_other_data_is_refused(sender):
    form = sender.form()
    data = sender.data(form)
    _first_answer(sender.post(data))
    saved = sender.saved()

    response = sender.post(sender.changed(form, data))

    assert response.status_code == 422
    assert idempotency.KEY_REUSED in page_text(response)
    assert sender.saved() == saved
    # The page offers the form again with a new key (where the form is still offered).
    offered = forms_posting_to(response.content, sender.host, urlsplit(sender.url).path)
    assert all(f.hidden()[KEY] != data[KEY] for f in offered)


@_by_name
def test_a_duplicate_that_misses_the_first_look_up_is_answered_cleanly(sender, monkeypatch):
    """As if the first request had not committed yet when the second looked: the second
    runs into the unique constraint (or an earlier check) and never answers 500."""
    data = sender.data()
    location = _first_answer(sender.post(data))
    saved = sender.saved()
    monkeypatch.setattr(idempotency, "saved_with_key", lambda model, lookup: None)

    again = sender.post(data)

    assert again.status_code < 500
    assert sender.saved() == saved
    if sender.case.reaches_constraint:
        assert again.status_code == 302
        assert again["Location"] == location


def test_the_inventory_finds_a_form_without_a_key(personas, client_for):
    """The check above can fail: a form page without the hidden key is caught."""
    sender = Sender("journal:new", personas, client_for)
    page = sender.client.get(sender.host).content.decode()
    stripped = page.replace(f'name="{KEY}"', 'name="not_the_key"')
    (form,) = forms_posting_to(stripped, sender.host, sender.url)
    assert KEY not in form.hidden()


# ---------------------------------------------------------------------------
# Really at the same moment (PostgreSQL: SQLite's test database serialises writers)
# ---------------------------------------------------------------------------

RACED = ["journal:new", "checkins:daily", "commitments:mark", "conversations:turn"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
@pytest.mark.parametrize("name", RACED)
def test_two_copies_sent_at_the_same_moment_save_once(name, transactional_db, personas):
    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    sender = Sender(name, personas, client_for)
    data = sender.data()
    before = len(sender.saved())
    user = sender.person
    clients = [client_for(user) for _ in range(4)]
    if sender.case.persona in THERAPISTS:
        for client in clients:
            pass_second_step(client, user)
    start = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def send(index):
        try:
            start.wait()
            answers[index] = sender.post(data, client=clients[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert all(a is not None and a.status_code < 500 for a in answers)
    assert len(sender.saved()) == before + 1
    redirects = {a["Location"] for a in answers if a.status_code == 302}
    assert len(redirects) == 1


# ---------------------------------------------------------------------------
# All or nothing per request (R1), and the database as the last line (R4)
# ---------------------------------------------------------------------------


def test_every_request_is_one_transaction():
    assert connection.settings_dict["ATOMIC_REQUESTS"] is True


@pytest.mark.parametrize(
    ("name", "second_write"),
    [
        # A promise and its "created" event.
        ("commitments:list", "steadfast.commitments.actions.CommitmentEvent.objects.create"),
        # An offer made as a promise: the promise, then the offer.
        ("recovery:offers", "steadfast.recovery.actions.Offer.objects.create"),
    ],
)
def test_a_failure_after_the_first_write_leaves_nothing(
    name, second_write, personas, client_for, monkeypatch
):
    """Fault injection mid-request: the second write fails, so the first is undone too."""
    from steadfast.commitments.models import Commitment, CommitmentEvent

    sender = Sender(name, personas, client_for)
    data = sender.data()
    if name == "recovery:offers":
        data["as_promise"] = "on"
    before = (len(sender.saved()), Commitment.objects.count(), CommitmentEvent.objects.count())

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(second_write, fail)
    client = Client(raise_request_exception=False)
    client.cookies = sender.client.cookies

    response = client.post(sender.url, data)

    assert response.status_code == 500
    after = (len(sender.saved()), Commitment.objects.count(), CommitmentEvent.objects.count())
    assert after == before


@pytest.mark.parametrize("name", CREATES)
def test_the_database_refuses_a_second_record_with_the_same_key(name, personas, client_for):
    """Bypassing every form and action: the unique constraint itself says no."""
    from django.db import IntegrityError, transaction

    sender = Sender(name, personas, client_for)
    _first_answer(sender.post(sender.data()))
    model = sender.case.model_class()
    saved = model.objects.filter(**{sender.case.owner: sender.person}).latest("pk")
    copy = {
        f.attname: getattr(saved, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.unique
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**copy)
    # The same copy under a fresh key is a different record, and the database takes it
    # (so the refusal above was about the key), unless another invariant forbids a copy.
    copy[KEY] = uuid.uuid4()
    try:
        with transaction.atomic():
            model.objects.create(**copy)
    except IntegrityError as error:
        assert KEY not in str(error)
