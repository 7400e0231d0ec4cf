"""Writing the load data: accounts, data keys, couples, therapists and their caseloads, and
each couple's history, in bulk, one transaction per chunk of couples.

The accounts follow fixed addresses the benchmark logs in with:

* couple i (0 <= i < N): `load.c{i:05d}.a@steadfast.test` and `load.c{i:05d}.b@steadfast.test`;
* therapist j: `load.t{j:03d}@steadfast.test`, each with a confirmed authenticator, so a
  session can be marked as having passed the second step (`steadfast.core.testing`).

Therapist 0 has 50 clients: couples 0 to 24, both partners granting every category but
safety, and safety too for a few. Other therapists have smaller caseloads; some couples
have no therapist at all. Clients live in their therapist's time zone.

The same seed on the same day gives the same rows and values (see history.py); only
moments that would fall later than now on today's date depend on the time of the run.
"""

import random
import time as clock
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.accounts.models import User
from steadfast.assessments.models import Measure
from steadfast.assessments.models import Schedule as MeasureSchedule
from steadfast.checkins.models import CheckInSharing, DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment, CommitmentEvent, Mark
from steadfast.conversations.models import Conversation, Turn
from steadfast.core import crypto, keyring
from steadfast.core.models import DataKey
from steadfast.couples.models import Couple, Membership
from steadfast.journal.models import Entry
from steadfast.practice.categories import CATEGORY_FIELDS, Category
from steadfast.practice.models import Grant, SessionNote

from . import bulk, words
from .history import Clock, CoupleHistory, key_from

DOMAIN = "steadfast.test"
DEFAULT_PASSWORD = "load-password-123"  # noqa: S105  (load data only; printed on purpose)
BIG_CASELOAD_COUPLES = 25  # therapist 0: 25 couples, 50 clients
SAFETY_EVERY = 6  # of therapist 0's couples, every sixth also grants safety data
CHUNK_COUPLES = 25

# Rows whose ids the load needs (their children point at them): written by bulk_create.
PARENTS = (Commitment, Conversation)
# The order rows are written in: every parent before its children.
WRITE_ORDER = (
    CheckInSharing,
    DailyCheckIn,
    MeasureSchedule,
    Measure,
    Commitment,
    CommitmentEvent,
    Mark,
    Acknowledgement,
    Conversation,
    Turn,
    Entry,
    Grant,
    SessionNote,
)


def person_email(couple, side):
    return f"load.c{couple:05d}.{side}@{DOMAIN}"


def therapist_email(number):
    return f"load.t{number:03d}@{DOMAIN}"


def therapist_place(number):
    """(time zone, country) of therapist `number`."""
    return words.PLACES[number % len(words.PLACES)]


def load_users():
    """Every account seed_load made (whatever the seed): their addresses are fixed."""
    return User.objects.filter(email__startswith="load.", email__endswith=f"@{DOMAIN}")


@dataclass
class Plan:
    couples: int
    days: int
    seed: int = 1
    therapists: int = 1
    password: str = DEFAULT_PASSWORD
    chunk: int = CHUNK_COUPLES


@dataclass
class Report:
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's: the machine may be busy with others


# --- Data keys ------------------------------------------------------------------------------


class KeyBook:
    """The data keys made for the people being loaded, by owner id.

    `keyring.active_key` asks the database once per sealed value; while loading, the
    keys of everyone being loaded were made by this load, so `sealing()` answers from
    this book instead (anyone else still goes through the keyring).
    """

    def __init__(self):
        self.keys = {}

    def make(self, owner_ids):
        """One active data key each, written in one statement."""
        made = []
        for owner_id in owner_ids:
            key = crypto.new_data_key()
            master_id, wrapped = crypto.wrap_data_key(key, owner_id)
            made.append((DataKey(owner_id=owner_id, master_key_id=master_id, wrapped=wrapped), key))
        DataKey.objects.bulk_create([record for record, _ in made])
        for record, key in made:
            self.keys[record.owner_id] = (record.pk, key)
        return len(made)

    @contextmanager
    def sealing(self):
        original = keyring.active_key

        def active_key(owner_id):
            found = self.keys.get(owner_id)
            return found if found is not None else original(owner_id)

        keyring.active_key = active_key
        try:
            yield
        finally:
            keyring.active_key = original


@contextmanager
def backdated(model_classes):
    """Let rows carry their own created/updated moments (history happened in the past):
    `auto_now`/`auto_now_add` would stamp them all with this minute."""
    switched = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


# --- Caseloads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caseload:
    therapist: int
    sides: tuple  # ("a", "b"), or one of them
    categories: frozenset


def plan_caseloads(seed, couples, therapists):
    """{couple index: Caseload}. Therapist 0: couples 0-24, both partners, every category
    but safety, safety for every sixth couple. The others: a handful of couples each, some
    granted by one partner only, fewer categories; later couples may have no therapist."""
    rng = random.Random(f"steadfast-load:{seed}:caseloads")
    usual = frozenset(CATEGORY_FIELDS) - {Category.SAFETY}
    found = {}
    for couple in range(min(BIG_CASELOAD_COUPLES, couples)):
        chosen = usual | {Category.SAFETY} if couple % SAFETY_EVERY == 0 else usual
        found[couple] = Caseload(0, ("a", "b"), chosen)
    couple = BIG_CASELOAD_COUPLES
    for therapist in range(1, therapists):
        for _ in range(rng.randint(4, 15)):
            if couple >= couples:
                return found
            sides = ("a", "b") if rng.random() < 0.8 else (rng.choice("ab"),)
            # In the categories' own order: a set's order changes from run to run.
            optional = [c for c in CATEGORY_FIELDS if c not in (Category.SAFETY, Category.MEASURES)]
            chosen = {Category.MEASURES, *rng.sample(optional, rng.randint(1, len(optional)))}
            if rng.random() < 0.1:
                chosen.add(Category.SAFETY)
            found[couple] = Caseload(therapist, sides, frozenset(chosen))
            couple += 1
        couple += rng.randint(0, 10)  # couples on their own between caseloads
    return found


# --- Loading --------------------------------------------------------------------------------


class Loader:
    def __init__(self, plan, now=None, say=None):
        self.plan = plan
        self.now = now or timezone.now()
        self.say = say or (lambda message: None)
        self.report = Report()
        self.book = KeyBook()
        self.password = make_password(plan.password)  # hashed once, shared by every account
        self.caseloads = plan_caseloads(plan.seed, plan.couples, plan.therapists)
        self.therapists = []
        self.tables = {}

    def run(self):
        started, cpu = clock.monotonic(), clock.process_time()
        with self.book.sealing(), backdated(WRITE_ORDER):
            with transaction.atomic():
                self._therapists()
            for first in range(0, self.plan.couples, self.plan.chunk):
                last = min(first + self.plan.chunk, self.plan.couples)
                with transaction.atomic():
                    self._couples(range(first, last))
                self.say(f"{last} of {self.plan.couples} couples")
        self.report.seconds = clock.monotonic() - started
        self.report.cpu_seconds = clock.process_time() - cpu
        return self.report

    def _write(self, model, rows):
        """bulk_create, which sets each row's id: for rows other rows point at."""
        if rows:
            model.objects.bulk_create(rows, batch_size=1000)
            self.report.rows[model._meta.label] += len(rows)

    def _insert(self, model, rows):
        """The leaner insert, for rows no other row points at (most of them)."""
        if rows:
            if model not in self.tables:
                self.tables[model] = bulk.Table(model)
            self.tables[model].insert(rows)
            self.report.rows[model._meta.label] += len(rows)

    def _rng(self, *parts):
        return random.Random(":".join(["steadfast-load", str(self.plan.seed), *map(str, parts)]))

    def _therapists(self):
        rng = self._rng("therapists")
        people = []
        for number in range(self.plan.therapists):
            zone, country = therapist_place(number)
            surname = words.THERAPIST_SURNAMES[number % len(words.THERAPIST_SURNAMES)]
            people.append(
                User(
                    email=therapist_email(number),
                    display_name=f"{rng.choice(words.FIRST_NAMES)} {surname}",
                    role=User.Role.THERAPIST,
                    country=country,
                    time_zone=zone,
                    password=self.password,
                    date_joined=self.now - timedelta(days=self.plan.days + 30),
                )
            )
        self._write(User, people)
        self.report.rows["core.DataKey"] += self.book.make([t.pk for t in people])
        secret = f"{rng.getrandbits(160):040x}"  # one shared secret: load data only
        devices = [
            TOTPDevice(user_id=t.pk, name="authenticator", confirmed=True, key=secret)
            for t in people
        ]
        self._write(TOTPDevice, devices)
        self.therapists = people

    def _couples(self, numbers):
        people = {}
        places = {}
        for number in numbers:
            rng = self._rng("couple", number, "people")
            place = rng.choice(words.PLACES)
            if number in self.caseloads:
                # Clients live where their therapist practises (and share their calendar day).
                place = therapist_place(self.caseloads[number].therapist)
            places[number] = place
            for side in "ab":
                people[number, side] = User(
                    email=person_email(number, side),
                    display_name=rng.choice(words.FIRST_NAMES),
                    country=place[1],
                    time_zone=place[0],
                    password=self.password,
                    date_joined=self.now - timedelta(days=self.plan.days + rng.randint(1, 20)),
                )
        self._write(User, list(people.values()))
        self.report.rows["core.DataKey"] += self.book.make([p.pk for p in people.values()])
        couples = {
            number: Couple(linked_at=self.now - timedelta(days=self.plan.days + 1))
            for number in numbers
        }
        self._write(Couple, list(couples.values()))
        self._insert(
            Membership,
            [
                Membership(couple_id=couples[number].pk, person_id=people[number, side].pk)
                for number in numbers
                for side in "ab"
            ],
        )
        rows = {model: [] for model in WRITE_ORDER}
        for number in numbers:
            zone = ZoneInfo(places[number][0])
            history = CoupleHistory(
                f"steadfast-load:{self.plan.seed}:couple:{number}",
                couple=couples[number],
                people=(people[number, "a"], people[number, "b"]),
                zone=zone,
                today=timezone.localtime(self.now, zone).date(),
                days=self.plan.days,
                now=self.now,
            )
            for model, found in history.build().items():
                rows[model].extend(found)
            self._caseload(number, people, zone, rows)
        for model in WRITE_ORDER:
            if model in PARENTS:
                self._write(model, rows[model])
            else:
                self._insert(model, rows[model])

    def _caseload(self, number, people, zone, rows):
        caseload = self.caseloads.get(number)
        if caseload is None:
            return
        rng = self._rng("couple", number, "therapy")
        therapist = self.therapists[caseload.therapist]
        today = timezone.localtime(self.now, zone).date()
        last_session = today - timedelta(days=rng.randint(2, 20))
        began = max(today - timedelta(days=self.plan.days - 1), last_session - timedelta(days=90))
        granted_at = Clock(zone, today, self.now).at(rng, began, 9, 18)
        clients = [people[number, side] for side in caseload.sides]
        for client in clients:
            rows[Grant].append(
                Grant(
                    key=key_from(rng),
                    client_id=client.pk,
                    therapist_email=therapist.email,
                    therapist_id=therapist.pk,
                    created_at=granted_at,
                    accepted_at=min(granted_at + timedelta(hours=rng.randint(1, 48)), self.now),
                    last_session_on=last_session,
                    **{name: name in caseload.categories for name in CATEGORY_FIELDS},
                )
            )
        # The therapist's own notes of the last few sessions (sealed with their key).
        session = last_session
        for _ in range(rng.randint(1, 4)):
            if session < began:
                break
            written = datetime.combine(session, datetime.min.time(), zone) + timedelta(hours=19)
            rows[SessionNote].append(
                SessionNote(
                    key=key_from(rng),
                    therapist_id=therapist.pk,
                    client_id=clients[0].pk,
                    partner_id=clients[1].pk if len(clients) > 1 else None,
                    session_date=session,
                    body=rng.choice(words.SESSION_NOTES),
                    created_at=written,
                    updated_at=written,
                )
            )
            session -= timedelta(days=rng.choice((7, 14)))


def flush():
    """Delete everything an earlier seed_load made. Returns how many accounts went."""
    users = load_users()
    count = users.count()
    with transaction.atomic():
        Couple.objects.filter(memberships__person__in=users).delete()
        users.delete()
    return count
