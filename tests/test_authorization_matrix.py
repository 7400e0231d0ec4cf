"""The authorisation matrix: every URL pattern x persona x method has an exact, expected answer.

`MATRIX` maps each URL name to how its URL is built (from a `World` of real
tokens and codes) and, for GET and for POST, what each persona gets back. A URL
pattern the resolver knows and the matrix lacks fails `test_matrix_covers_every_url`;
so does a matrix entry whose pattern is gone. Django admin patterns other than
`admin:index` and `admin:login` are covered by one rule (see tests/authz.py and
`test_admin_refuses_every_non_staff_persona`).

POSTs carry an empty body: they test who is let in, not what the forms do.

Personas (steadfast.core.testing): alice and bob are a couple, carol is in another
couple, sam is on his own, theo and tina are therapists. Alice has granted theo every
category, safety data included; tina has no grant. Both therapists' sessions passed
two-step sign-in (tests for the refusals before it: steadfast/practice/tests). A grant
opens only the practice pages: every person's page still answers 404 to a therapist.
"""

import uuid
from dataclasses import dataclass, field
from types import ModuleType
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import HttpResponse
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from steadfast.accounts import emails
from steadfast.accounts.models import User
from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, Mark
from steadfast.core.access import public
from steadfast.core.testing import make_grant, make_person, pass_second_step
from steadfast.couples.actions import new_code
from steadfast.couples.models import Invitation, digest_code
from steadfast.practice import actions as practice_actions
from steadfast.practice.categories import CATEGORY_FIELDS
from steadfast.reminders import actions as reminder_actions
from steadfast.safety.models import CheckIn

from .authz import (
    ADMIN_IN_MATRIX,
    is_admin_rule,
    iter_routes,
    missing_from_matrix,
    stale_in_matrix,
)

# ---------------------------------------------------------------------------
# Personas
# ---------------------------------------------------------------------------

PERSONAS = {
    "anonymous": None,
    "owner": "alice",
    "partner": "bob",
    "outsider": "carol",
    "solo": "sam",
    "therapist_with_grant": "theo",
    "therapist_without_grant": "tina",
}
PERSONS = ("owner", "partner", "outsider", "solo")
THERAPISTS = ("therapist_with_grant", "therapist_without_grant")
LOGGED_IN = PERSONS + THERAPISTS
GROUPS = {"everyone": tuple(PERSONAS), "logged_in": LOGGED_IN}  # broadest first
GROUPS |= {"persons": PERSONS, "therapists": THERAPISTS}
METHODS = ("GET", "POST")


def row(**cells):
    """One expectation per persona. Groups (everyone, logged_in, persons, therapists)
    fill in first, broadest first; a persona named on its own wins over its group.
    Every persona must end up with exactly one expectation."""
    unknown = set(cells) - set(GROUPS) - set(PERSONAS)
    if unknown:
        raise TypeError(f"Unknown personas or groups: {sorted(unknown)}")
    result = {}
    for group, members in GROUPS.items():
        if group in cells:
            result |= dict.fromkeys(members, cells[group])
    result |= {name: cells[name] for name in PERSONAS if name in cells}
    missing = set(PERSONAS) - set(result)
    if missing:
        raise TypeError(f"No expectation for {sorted(missing)}")
    return result


# ---------------------------------------------------------------------------
# The world: real codes and tokens, made after the persona has logged in
# ---------------------------------------------------------------------------


class World:
    """Real objects the URLs point at. Alice ("owner") owns all of them.

    Built after the test client has logged in: logging in changes `last_login`,
    and a password-reset token made before that would no longer be valid.
    """

    SIGNUP_EMAIL = "newcomer@example.org"
    NEW_EMAIL = "alice.new@example.org"

    def __init__(self, people):
        self.people = people
        self.grant = make_grant(people["alice"], people["theo"], *CATEGORY_FIELDS)

    @property
    def alice(self):
        return User.objects.get(pk=self.people["alice"].pk)

    def invitation_code(self):
        """A pending invitation of Alice's. Made directly: the action refuses a linked person,
        and the join page never looks the code up, so its state cannot change the answer."""
        code = new_code()
        now = timezone.now()
        Invitation.objects.create(
            inviter=self.alice,
            code_digest=digest_code(code),
            created_at=now,
            expires_at=now + django_settings.INVITATION_LIFETIME,
        )
        return code

    def checkin_key(self):
        """One of Alice's check-ins, with a positive screen: safety data (class S3)."""
        answers = {"hark_h": True, "hark_a": False, "hark_r": False, "hark_k": False}
        return CheckIn.objects.create(owner=self.alice, answers=answers).submission_key

    def measure_key(self):
        """One of Alice's measures: a private PHQ-9 whose item 9 raises a safety flag."""
        answers = {1: 1, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 2}
        measure = measure_actions.record_measure(
            self.alice, get_instrument("phq9"), answers, submission_key=uuid.uuid4()
        )
        return measure.submission_key

    def shared_measure(self):
        """One of Alice's PHQ-9s, shared with her partner (no flag), for the charts."""
        answers = {1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0}
        measure = measure_actions.record_measure(
            self.alice, get_instrument("phq9"), answers, submission_key=uuid.uuid4()
        )
        return measure_actions.share_measure(measure, "partner")

    def with_measure(self, name, shared=False):
        """The URL `name` for the PHQ-9, once Alice has a PHQ-9 (private, or shared)."""
        if shared:
            self.shared_measure()
        else:
            self.measure_key()
        return reverse(name, args=["phq9"])

    def daily_key(self):
        """One of Alice's daily check-ins, private, with a note."""
        entry = DailyCheckIn.objects.create(
            owner=self.alice,
            day=timezone.localdate(),
            trust=3,
            closeness=4,
            mood=5,
            note="A hard evening",
        )
        return entry.key

    def commitment_key(self):
        """One of Alice's daily promises, shared with her partner (Bob)."""
        commitment = Commitment.objects.create(
            owner=self.alice,
            text="Call when I'm late",
            kind="daily",
            start=timezone.localdate(),
            audience="partner",
        )
        return commitment.key

    def commitment_url(self, name):
        return reverse(name, args=[self.commitment_key()])

    def conversation_url(self, name):
        """The URL `name` for a conversation Alice opened with Bob."""
        from steadfast.conversations.actions import open_conversation
        from steadfast.couples.models import Membership

        alice = self.alice
        couple_id = Membership.objects.get(person=alice).couple_id
        bob = User.objects.get(pk=self.people["bob"].pk)
        talk = open_conversation(
            alice, bob, couple_id, topic="Evenings", submission_key=uuid.uuid4()
        )
        return reverse(name, args=[talk.key])

    def care_url(self, name):
        """The URL `name` for one of Alice's self-care activities (private)."""
        from steadfast.selfcare.models import Activity

        activity = Activity.objects.create(owner=self.alice, text="A walk", times_per_week=3)
        return reverse(name, args=[activity.key])

    def care_reflection_url(self, name):
        """The URL `name` for one of Alice's strengths (private)."""
        from steadfast.selfcare.models import Reflection

        strength = Reflection.objects.create(
            owner=self.alice, kind="strength", text="Patient", day=timezone.localdate()
        )
        return reverse(name, args=[strength.key])

    def journal_url(self, name):
        """The URL `name` for one of Alice's journal entries, shared with her partner (Bob)."""
        from steadfast.journal.models import Entry

        entry = Entry.objects.create(owner=self.alice, body="Where it began", audience="partner")
        return reverse(name, args=[entry.key])

    def thought_url(self, name):
        """The URL `name` for one of Alice's thought records, shared with her partner (Bob)."""
        from steadfast.journal.models import ThoughtRecord

        record = ThoughtRecord.objects.create(
            owner=self.alice,
            situation="Late",
            thought="Lost",
            strength_before=70,
            audience="partner",
        )
        return reverse(name, args=[record.key])

    def pathway_url(self, name, **kwargs):
        """The URL `name` on the path Alice started (as the one hurt) and Bob joined, with
        agreed limits, a question of hers, an offer of his and a private reflection of hers."""
        from steadfast.recovery import actions as path_actions
        from steadfast.recovery.models import Offer, Pathway, Question, Reflection

        alice, bob = self.alice, User.objects.get(pk=self.people["bob"].pk)
        pathway = Pathway.objects.filter(starter=alice).first()
        if pathway is None:
            pathway = path_actions.start_pathway(alice, role="hurt", submission_key=uuid.uuid4())
            path_actions.join(pathway, bob)
            proposal = path_actions.propose_limits(
                pathway, alice, per_week=3, topics=[], other_limits="", submission_key=uuid.uuid4()
            )
            path_actions.accept_limits(pathway, bob, proposal.key)
            Question.objects.create(pathway=pathway, owner=alice, audience="partner", text="Why?")
            Offer.objects.create(pathway=pathway, owner=bob, audience="partner", text="I'll call")
            Reflection.objects.create(pathway=pathway, owner=alice, prompt="learned", text="Mine")
        if kwargs.pop("question", False):
            kwargs["key"] = Question.objects.get(pathway=pathway).key
        if kwargs.pop("offer", False):
            kwargs["key"] = Offer.objects.get(pathway=pathway).key
        return reverse(name, kwargs=kwargs)

    def program_url(self, name):
        """The URL `name` for module 1a, where Alice has a reflection shared with Bob."""
        from steadfast.program.models import Progress

        Progress.objects.create(
            owner=self.alice, module="1a", reflection="Where it began", audience="partner"
        )
        return reverse(name, args=["1a"])

    def grant_url(self, name):
        """The URL `name` for Alice's grant (to theo, every category)."""
        return reverse(name, args=[self.grant.key])

    def note_url(self, name):
        """The URL `name` for theo's own session note about Alice, through her grant."""
        from steadfast.practice import notes

        note = notes.add(self.people["theo"], self.people["alice"], body="Theo's own note")
        return reverse(name, args=[self.grant.key, note.key])

    def proposal_url(self, name):
        """The URL `name` for theo's pending proposal to Alice (GAD-7, every 2 weeks)."""
        from steadfast.practice import proposals

        (proposal,) = proposals.propose(self.people["theo"], self.people["alice"], {"gad7": 14})
        return reverse(name, args=[proposal.key])

    def couple_url(self, name):
        """The URL `name` for Alice and Bob as a couple: Bob grants theo too (measures)."""
        make_grant(self.people["bob"], self.people["theo"], "measures")
        return reverse(name, args=[self.grant.key])

    def pending_url(self, name):
        """The URL `name` for Carol's invitation to theo, not yet accepted."""
        grant = make_grant(self.people["carol"], self.people["theo"], accepted=False)
        return reverse(name, args=[grant.key])

    def therapist_link_url(self, name):
        """A new therapist's one-time set-password link."""
        _, path = practice_actions.invite_therapist("newtherapist@example.org", "Nadia")
        return path

    def feed_token(self):
        """The secret of Alice's private calendar link."""
        return reminder_actions.new_feed_link(self.alice)

    def marked_commitment_url(self, name):
        """The URL `name` for Alice's shared promise, once she has marked it (so it has a chart)."""
        commitment = Commitment.objects.get(key=self.commitment_key())
        Mark.objects.create(
            commitment=commitment, owner=self.alice, day=commitment.start, done=True
        )
        return reverse(name, args=[commitment.key])

    def signup_token(self):
        return signing.dumps({"email": self.SIGNUP_EMAIL, "next": ""}, salt=emails.SIGNUP_SALT)

    def reset_kwargs(self):
        alice = self.alice
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(alice.pk)),
            "token": default_token_generator.make_token(alice),
        }

    def email_change_token(self):
        alice = self.alice
        payload = {"user": alice.pk, "old": alice.email, "new": self.NEW_EMAIL}
        return signing.dumps(payload, salt=emails.EMAIL_CHANGE_SALT)


# ---------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------

OK = 200
NO_CONTENT = 204
NOT_FOUND = 404
NOT_ALLOWED = 405


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location is `target(url)`, `url` being the URL that was requested."""

    target: object
    label: str = field(default="")

    def location(self, url):
        return self.target(url)

    def __repr__(self):
        return f"Redirect({self.label})"


def to(name):
    return Redirect(lambda url: reverse(name), name)


def _login_with_next(login_name):
    return lambda url: f"{reverse(login_name)}?next={quote(url, safe='/')}"


TO_LOGIN = Redirect(_login_with_next("accounts:login"), "login?next=")
TO_ADMIN_LOGIN = Redirect(_login_with_next("admin:login"), "admin login?next=")
TO_HOME = to("core:home")
TO_COUPLE = to("couples:couple")
# PasswordResetConfirmView swaps a valid token for a session entry and this fixed URL.
TO_SET_PASSWORD = Redirect(lambda url: url.rsplit("/", 2)[0] + "/set-password/", "set-password")


@dataclass(frozen=True)
class Entry:
    url: object  # World -> str
    GET: dict
    POST: dict


def plain(name):
    return lambda world: reverse(name)


# Shapes shared by several views.
PUBLIC_PAGE = {"GET": row(everyone=OK), "POST": row(everyone=NOT_ALLOWED)}
PUBLIC_FORM = {"GET": row(everyone=OK), "POST": row(everyone=OK)}
GUESTS_ONLY_FORM = {  # logged-in people are sent home
    "GET": row(anonymous=OK, logged_in=TO_HOME),
    "POST": row(anonymous=OK, logged_in=TO_HOME),
}
ACCOUNT_FORM = {  # any logged-in account, person or therapist
    "GET": row(anonymous=TO_LOGIN, logged_in=OK),
    "POST": row(anonymous=TO_LOGIN, logged_in=OK),
}
PERSON_FORM = {
    "GET": row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    "POST": row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
}
PERSON_ACTION = {  # POST-only, answers with a redirect to the couple page
    "GET": row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    "POST": row(anonymous=TO_LOGIN, persons=TO_COUPLE, therapists=NOT_FOUND),
}


def conversation_move(name):
    """A POST-only move in Alice's conversation with Bob: the two of them, nobody else."""
    return Entry(
        lambda w: w.conversation_url(name),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
    )


MATRIX = {
    # core -----------------------------------------------------------------
    "core:landing": Entry(
        plain("core:landing"),
        GET=row(anonymous=OK, logged_in=TO_HOME),
        POST=row(everyone=NOT_ALLOWED),
    ),
    "core:about": Entry(plain("core:about"), **PUBLIC_PAGE),
    "core:home": Entry(
        plain("core:home"),
        GET=row(anonymous=TO_LOGIN, logged_in=OK),
        POST=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
    ),
    "core:quick_exit": Entry(
        plain("core:quick_exit"),
        GET=row(everyone=NOT_ALLOWED),
        POST=row(everyone=NO_CONTENT),
    ),
    # accounts: signing up ---------------------------------------------------
    "accounts:signup": Entry(plain("accounts:signup"), **GUESTS_ONLY_FORM),
    "accounts:signup_sent": Entry(plain("accounts:signup_sent"), **PUBLIC_PAGE),
    # Public: the token is the credential. A valid link shows its form to anyone.
    "accounts:signup_finish": Entry(
        lambda w: reverse("accounts:signup_finish", args=[w.signup_token()]),
        **GUESTS_ONLY_FORM,
    ),
    # accounts: logging in and out ------------------------------------------
    "accounts:login": Entry(plain("accounts:login"), **GUESTS_ONLY_FORM),
    "accounts:logout": Entry(
        plain("accounts:logout"),
        GET=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
        POST=row(anonymous=TO_LOGIN, logged_in=to("core:landing")),
    ),
    # accounts: password reset (public; the emailed token is the credential) ---
    "accounts:reset": Entry(plain("accounts:reset"), **PUBLIC_FORM),
    "accounts:reset_sent": Entry(plain("accounts:reset_sent"), **PUBLIC_PAGE),
    "accounts:reset_confirm": Entry(
        lambda w: reverse("accounts:reset_confirm", kwargs=w.reset_kwargs()),
        GET=row(everyone=TO_SET_PASSWORD),
        POST=row(everyone=TO_SET_PASSWORD),
    ),
    "accounts:reset_done": Entry(plain("accounts:reset_done"), **PUBLIC_PAGE),
    # accounts: settings -------------------------------------------------------
    "accounts:account": Entry(plain("accounts:account"), **ACCOUNT_FORM),
    "accounts:password_change": Entry(plain("accounts:password_change"), **ACCOUNT_FORM),
    "accounts:email_change": Entry(plain("accounts:email_change"), **ACCOUNT_FORM),
    # Alice's link works only for Alice; anyone else sees the "invalid link" page.
    "accounts:email_confirm": Entry(
        lambda w: reverse("accounts:email_confirm", args=[w.email_change_token()]),
        GET=row(anonymous=TO_LOGIN, logged_in=OK),
        POST=row(anonymous=TO_LOGIN, logged_in=OK, owner=to("accounts:account")),
    ),
    "accounts:delete": Entry(plain("accounts:delete"), **ACCOUNT_FORM),
    # "Your data": people only; an empty POST is refused by the form (the password is
    # asked again), so nothing is downloaded.
    "datarights:data": Entry(plain("datarights:data"), **PERSON_FORM),
    # Security events: each account's own list, for persons and therapists alike; it takes
    # no key, so nobody can ask for anyone else's (I10).
    "audit:security": Entry(
        plain("audit:security"),
        GET=row(anonymous=TO_LOGIN, logged_in=OK),
        POST=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
    ),
    # couples (people only: a therapist account is told nothing exists) --------
    "couples:couple": Entry(
        plain("couples:couple"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "couples:invite": Entry(plain("couples:invite"), **PERSON_ACTION),
    "couples:withdraw": Entry(plain("couples:withdraw"), **PERSON_ACTION),
    "couples:join": Entry(plain("couples:join"), **PERSON_FORM),
    "couples:join_code": Entry(
        lambda w: reverse("couples:join_code", args=[w.invitation_code()]), **PERSON_FORM
    ),
    # Someone with no partner has nothing to unlink and goes back to the couple page.
    "couples:unlink": Entry(
        plain("couples:unlink"),
        GET=row(anonymous=TO_LOGIN, persons=OK, solo=TO_COUPLE, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, solo=TO_COUPLE, therapists=NOT_FOUND),
    ),
    # safety: the individual check-in, plan and help pages ---------------------
    "safety:checkin": Entry(plain("safety:checkin"), **PERSON_FORM),
    # Only the owner opens her check-in; a partner gets 404 like anyone else (IPV-1).
    # POST is refused before any lookup, so its 405 says nothing about the record.
    "safety:checkin_result": Entry(
        lambda w: reverse("safety:checkin_result", args=[w.checkin_key()]),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "safety:plan": Entry(plain("safety:plan"), **PERSON_FORM),
    "safety:support": Entry(plain("safety:support"), **PUBLIC_PAGE),
    "safety:device": Entry(plain("safety:device"), **PUBLIC_PAGE),
    # assessments: measures, taken and shared (people only) --------------------
    "assessments:measures": Entry(
        plain("assessments:measures"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "assessments:schedule": Entry(plain("assessments:schedule"), **PERSON_FORM),
    # Every person takes the same instruments; an empty POST is refused on the page.
    "assessments:take": Entry(lambda w: reverse("assessments:take", args=["phq9"]), **PERSON_FORM),
    # Posted by the page's script: an empty draft is no draft, and nothing to say.
    "assessments:draft": Entry(
        lambda w: reverse("assessments:draft", args=["phq9"]),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NO_CONTENT, therapists=NOT_FOUND),
    ),
    # A private result: only its owner opens it. (Shared ones: test_share.py.)
    "assessments:result": Entry(
        lambda w: reverse("assessments:result", args=[w.measure_key()]),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Only the owner may change who sees a result; her empty POST is refused on the page.
    "assessments:share": Entry(
        lambda w: reverse("assessments:share", args=[w.measure_key()]),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    "assessments:profile": Entry(
        plain("assessments:profile"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Each person's own results only: with a private PHQ-9 of Alice's in the world, her
    # chart draws and everyone else's (her partner's too) has nothing to draw.
    "assessments:history": Entry(
        lambda w: w.with_measure("assessments:history"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "assessments:history_chart": Entry(
        lambda w: w.with_measure("assessments:history_chart"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Side by side: Alice shared a PHQ-9 with Bob, so the couple's chart draws for both
    # of them; people outside the couple have nothing shared to draw.
    "assessments:together": Entry(
        lambda w: w.with_measure("assessments:together", shared=True),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "assessments:together_chart": Entry(
        lambda w: w.with_measure("assessments:together_chart", shared=True),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # FHIR. The Questionnaire holds no one's data but may carry a practice's licensed
    # labels: any account, not the world. A response holds answers: its owner only.
    "assessments:questionnaire": Entry(
        lambda w: reverse("assessments:questionnaire", args=["phq9"]),
        GET=row(anonymous=TO_LOGIN, logged_in=OK),
        POST=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
    ),
    "assessments:result_fhir": Entry(
        lambda w: reverse("assessments:result_fhir", args=[w.shared_measure().submission_key]),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # An empty import is refused on the page, nothing saved.
    "assessments:import": Entry(plain("assessments:import"), **PERSON_FORM),
    # checkins: daily check-ins (people only) ----------------------------------
    # An empty POST is refused on the page, nothing saved.
    "checkins:daily": Entry(plain("checkins:daily"), **PERSON_FORM),
    "checkins:sharing": Entry(plain("checkins:sharing"), **PERSON_FORM),
    # Each person sees only what was shared with them: everyone may open the page.
    "checkins:together": Entry(
        plain("checkins:together"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Only the owner may change who sees an entry; her empty POST is refused on the page.
    "checkins:share": Entry(
        lambda w: reverse("checkins:share", args=[w.daily_key()]),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    # commitments: promises (people only) ------------------------------------------
    # An empty POST is refused on the page, nothing saved.
    "commitments:list": Entry(plain("commitments:list"), **PERSON_FORM),
    # Alice's promise is shared with Bob: both may open it, nobody else.
    "commitments:detail": Entry(
        lambda w: w.commitment_url("commitments:detail"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Only the owner marks; her empty POST is refused on the page.
    "commitments:mark": Entry(
        lambda w: w.commitment_url("commitments:mark"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    # Only the linked partner acknowledges; his empty POST is refused on the page.
    "commitments:acknowledge": Entry(
        lambda w: w.commitment_url("commitments:acknowledge"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, partner=OK, therapists=NOT_FOUND),
    ),
    "commitments:renegotiate": Entry(
        lambda w: w.commitment_url("commitments:renegotiate"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    "commitments:retire": Entry(
        lambda w: w.commitment_url("commitments:retire"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            owner=Redirect(lambda url: url.removesuffix("retire/"), "the promise"),
            therapists=NOT_FOUND,
        ),
    ),
    # The estimate over time of Alice's shared, marked promise: she and Bob, nobody else.
    "commitments:chart": Entry(
        lambda w: w.marked_commitment_url("commitments:chart"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # together: the couple view. Each person sees only what was shared with them (someone
    # not linked is told so): every person may open it.
    "together:overview": Entry(
        plain("together:overview"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # reminders: each person's own settings (an empty POST is refused on the page) ----
    "reminders:settings": Entry(plain("reminders:settings"), **PERSON_FORM),
    # A new calendar link is shown on the answer to the POST itself, once.
    "reminders:new_feed": Entry(
        plain("reminders:new_feed"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    ),
    "reminders:revoke_feed": Entry(
        plain("reminders:revoke_feed"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=to("reminders:settings"), therapists=NOT_FOUND),
    ),
    # Public: calendar apps cannot log in, so the link's secret is the credential and
    # whoever holds Alice's link gets her (plain-titled) calendar.
    "reminders:feed": Entry(
        lambda w: reverse("reminders:feed", args=[w.feed_token()]),
        GET=row(everyone=OK),
        POST=row(everyone=NOT_ALLOWED),
    ),
    # conversations: talk and listen (people only) -------------------------------
    # Anyone may open the list; an empty POST is refused on the page (so is someone not linked).
    "conversations:index": Entry(plain("conversations:index"), **PERSON_FORM),
    "conversations:same_room": Entry(
        plain("conversations:same_room"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # The coach answers a friendly fragment to an empty draft.
    "conversations:coach": Entry(
        plain("conversations:coach"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    ),
    "conversations:exercises": Entry(
        plain("conversations:exercises"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Each person answers their own; an empty POST is refused on the page.
    "conversations:exercise": Entry(
        lambda w: reverse("conversations:exercise", args=["needs"]), **PERSON_FORM
    ),
    # Alice's conversation with Bob: the two of them, nobody else.
    "conversations:detail": Entry(
        lambda w: w.conversation_url("conversations:detail"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "conversations:panel": Entry(
        lambda w: w.conversation_url("conversations:panel"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Moves: an empty POST from either partner is refused on the page, nothing saved.
    "conversations:turn": conversation_move("conversations:turn"),
    "conversations:time_out": conversation_move("conversations:time_out"),
    "conversations:resume": conversation_move("conversations:resume"),
    "conversations:close": conversation_move("conversations:close"),
    # selfcare: each person's own plan, log and strengths (people only) ----------
    # An empty POST is refused on the page, nothing saved.
    "selfcare:index": Entry(plain("selfcare:index"), **PERSON_FORM),
    "selfcare:strengths": Entry(plain("selfcare:strengths"), **PERSON_FORM),
    "selfcare:went_well": Entry(
        plain("selfcare:went_well"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    ),
    **{
        f"selfcare:{name}": Entry(
            plain(f"selfcare:{name}"),
            GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
            POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        )
        for name in ("week", "shared")
    },
    # Public, like the support page: it holds nothing about anyone.
    "selfcare:help": Entry(plain("selfcare:help"), **PUBLIC_PAGE),
    # Alice's private activity and strength: only she opens or changes them; her empty
    # POSTs are refused on the page. POST-only actions answer 405 to a GET before any lookup.
    "selfcare:edit_activity": Entry(
        lambda w: w.care_url("selfcare:edit_activity"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    "selfcare:edit_reflection": Entry(
        lambda w: w.care_reflection_url("selfcare:edit_reflection"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    **{
        f"selfcare:{name}": Entry(
            lambda w, name=name: w.care_url(f"selfcare:{name}"),
            GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
            POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        )
        for name in ("log", "share_activity")
    },
    "selfcare:share_reflection": Entry(
        lambda w: w.care_reflection_url("selfcare:share_reflection"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    "selfcare:retire_activity": Entry(
        lambda w: w.care_url("selfcare:retire_activity"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(
            anonymous=TO_LOGIN, persons=NOT_FOUND, owner=to("selfcare:index"), therapists=NOT_FOUND
        ),
    ),
    # journal: notes and thought records (people only) ----------------------------
    # Each person's own list; an empty POST is refused on the page, nothing saved.
    "journal:index": Entry(
        plain("journal:index"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "journal:new": Entry(plain("journal:new"), **PERSON_FORM),
    "journal:shared": Entry(
        plain("journal:shared"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "journal:thoughts": Entry(
        plain("journal:thoughts"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    "journal:thought_new": Entry(plain("journal:thought_new"), **PERSON_FORM),
    # Alice's entry and thought record are shared with Bob: both read them, nobody else;
    # only she edits, shares or deletes (her empty POSTs are refused on the page).
    **{
        f"journal:{detail}": Entry(
            (lambda n, m: lambda w: getattr(w, m)(f"journal:{n}"))(detail, make),
            GET=row(
                anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND
            ),
            POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        )
        for detail, make in (("detail", "journal_url"), ("thought", "thought_url"))
    },
    **{
        f"journal:{edit}": Entry(
            (lambda n, m: lambda w: getattr(w, m)(f"journal:{n}"))(edit, make),
            GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
            POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        )
        for edit, make in (("edit", "journal_url"), ("thought_edit", "thought_url"))
    },
    **{
        f"journal:{share}": Entry(
            (lambda n, m: lambda w: getattr(w, m)(f"journal:{n}"))(share, make),
            GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
            POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
        )
        for share, make in (("share", "journal_url"), ("thought_share", "thought_url"))
    },
    # Asks first (GET), deletes on POST and goes back to the list.
    **{
        f"journal:{delete}": Entry(
            (lambda n, m: lambda w: getattr(w, m)(f"journal:{n}"))(delete, make),
            GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
            POST=row(
                anonymous=TO_LOGIN, persons=NOT_FOUND, owner=to(listing), therapists=NOT_FOUND
            ),
        )
        for delete, make, listing in (
            ("delete", "journal_url", "journal:index"),
            ("thought_delete", "thought_url", "journal:thoughts"),
        )
    },
    # recovery: the repair path of Alice (hurt) and Bob; outsiders and therapists 404 -------
    "recovery:index": Entry(
        lambda w: w.pathway_url("recovery:index"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # An empty POST is refused on the start page (or "link first", or "you have one").
    "recovery:start": Entry(
        lambda w: w.pathway_url("recovery:start"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    ),
    **{
        f"recovery:{name}": Entry(
            lambda w, name=name: w.pathway_url(f"recovery:{name}"),
            GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
            POST=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                owner=to("recovery:index"),
                partner=to("recovery:index"),
                therapists=NOT_FOUND,
            ),
        )
        for name in ("join", "decline", "resume")
    },
    # A calm page anyone may open; pausing needs a path.
    "recovery:stop": Entry(
        lambda w: w.pathway_url("recovery:stop"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            owner=to("recovery:index"),
            partner=to("recovery:index"),
            therapists=NOT_FOUND,
        ),
    ),
    **{
        f"recovery:{name}": Entry(
            lambda w, name=name: w.pathway_url(f"recovery:{name}"),
            GET=row(
                anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND
            ),
            POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        )
        for name in ("impact", "meaning", "moving_on")
    },
    # The two of them; their empty POSTs are refused on the page, nothing saved.
    **{
        f"recovery:{name}": Entry(
            lambda w, name=name: w.pathway_url(f"recovery:{name}"),
            GET=row(
                anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND
            ),
            POST=row(
                anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND
            ),
        )
        for name in ("letter", "reply", "limits", "questions", "offers", "decide")
    },
    "recovery:write": Entry(
        lambda w: w.pathway_url("recovery:write", prompt="learned"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
    ),
    # Only Alice has written "learned": only she can share it (an empty POST goes back).
    "recovery:share": Entry(
        lambda w: w.pathway_url("recovery:share", prompt="learned"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            owner=Redirect(lambda url: url.rsplit("share/", 1)[0], "write"),
            therapists=NOT_FOUND,
        ),
    ),
    "recovery:accept": Entry(
        lambda w: w.pathway_url("recovery:accept"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
    ),
    # Alice's question: both see it; an empty answer is refused on the page.
    "recovery:answer": Entry(
        lambda w: w.pathway_url("recovery:answer", question=True),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, partner=OK, therapists=NOT_FOUND),
    ),
    # Bob's offer: only he can take it back.
    "recovery:withdraw": Entry(
        lambda w: w.pathway_url("recovery:withdraw", offer=True),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            partner=to("recovery:offers"),
            therapists=NOT_FOUND,
        ),
    ),
    # program: each person's own modules and progress (people only) ----------------
    **{
        f"program:{name}": Entry(
            plain(f"program:{name}"),
            GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
            POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        )
        for name in ("index", "together")
    },
    # An empty POST turns the standing choice off (it is off already).
    "program:sharing": Entry(
        plain("program:sharing"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=to("program:index"), therapists=NOT_FOUND),
    ),
    # Each person's own progress on a module; empty POSTs are refused on the page.
    "program:module": Entry(
        lambda w: w.program_url("program:module"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    ),
    "program:progress": Entry(
        lambda w: w.program_url("program:progress"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
    ),
    # Only Alice has a reflection there (shared with Bob): only she can share it.
    "program:share": Entry(
        lambda w: w.program_url("program:share"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, owner=OK, therapists=NOT_FOUND),
    ),
    # practice: the therapist's pages (a verified therapist; people are told nothing exists)
    "practice:home": Entry(
        plain("practice:home"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=OK),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=NOT_ALLOWED),
    ),
    # Carol's invitation is addressed to theo: only he can accept it.
    "practice:accept": Entry(
        lambda w: w.pending_url("practice:accept"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=NOT_ALLOWED),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            therapist_with_grant=to("practice:home"),
            therapist_without_grant=NOT_FOUND,
        ),
    ),
    # Alice's grant: theo reads (her page, her measures, her own pre-session summary and its
    # PDF); tina, who holds none, gets 404. POST is refused before any lookup, so its 405
    # says nothing about the grant.
    **{
        f"practice:{name}": Entry(
            lambda w, name=name: w.grant_url(f"practice:{name}"),
            GET=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                therapist_with_grant=OK,
                therapist_without_grant=NOT_FOUND,
            ),
            POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=NOT_ALLOWED),
        )
        for name in ("client", "client_measures", "client_summary", "client_summary_pdf")
    },
    # Alice and Bob both granted theo: the couple's summary and its PDF. tina: 404.
    **{
        f"practice:{name}": Entry(
            lambda w, name=name: w.couple_url(f"practice:{name}"),
            GET=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                therapist_with_grant=OK,
                therapist_without_grant=NOT_FOUND,
            ),
            POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=NOT_ALLOWED),
        )
        for name in ("couple_summary", "couple_summary_pdf")
    },
    # The last session's date: theo sets it on Alice's grant; tina gets 404.
    "practice:session_date": Entry(
        lambda w: w.grant_url("practice:session_date"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=NOT_ALLOWED),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            therapist_with_grant=to("practice:home"),
            therapist_without_grant=NOT_FOUND,
        ),
    ),
    # Session notes, proposals, export and data views: theo through Alice's grant (every
    # category); tina, with no grant, and people get 404. An empty POST to a form is
    # refused on the page (400); the data views and the export are GET only.
    **{
        f"practice:{name}": Entry(
            lambda w, name=name: w.grant_url(f"practice:{name}"),
            GET=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                therapist_with_grant=OK,
                therapist_without_grant=NOT_FOUND,
            ),
            POST=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                therapist_with_grant=400 if name in ("notes", "assign") else NOT_ALLOWED,
                therapist_without_grant=NOT_FOUND if name in ("notes", "assign") else NOT_ALLOWED,
            ),
        )
        for name in (
            "notes",
            "assign",
            "export",
            "client_checkins",
            "client_commitments",
            "client_conversations",
            "client_journal",
            "client_safety",
        )
    },
    "practice:note_edit": Entry(
        lambda w: w.note_url("practice:note_edit"),
        GET=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            therapist_with_grant=OK,
            therapist_without_grant=NOT_FOUND,
        ),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            therapist_with_grant=400,  # empty form: the note's words are required
            therapist_without_grant=NOT_FOUND,
        ),
    ),
    "practice:note_delete": Entry(
        lambda w: w.note_url("practice:note_delete"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=NOT_ALLOWED),
        POST=row(
            anonymous=TO_LOGIN,
            persons=NOT_FOUND,
            therapist_with_grant=Redirect(lambda url: url.rsplit("/", 3)[0] + "/", "notes"),
            therapist_without_grant=NOT_FOUND,
        ),
    ),
    # A client's proposals from therapists (people only); only Alice decides hers.
    "access:proposals": Entry(
        plain("access:proposals"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    **{
        f"access:{name}": Entry(
            lambda w, name=name: w.proposal_url(f"access:{name}"),
            GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
            POST=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                owner=to("access:proposals"),
                therapists=NOT_FOUND,
            ),
        )
        for name in ("proposal_accept", "proposal_decline")
    },
    # Public: the link is the credential. Logged-in accounts are told to log out first.
    "practice:welcome": Entry(lambda w: w.therapist_link_url("practice:welcome"), **PUBLIC_FORM),
    # A therapist's own listing on the help page: no client data, so both therapists may;
    # an empty POST saves an unlisted draft and comes back to the page.
    "practice_profile:edit": Entry(
        plain("practice_profile:edit"),
        GET=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=OK),
        POST=row(anonymous=TO_LOGIN, persons=NOT_FOUND, therapists=to("practice_profile:edit")),
    ),
    # access: a client's grants and access log (people only) --------------------------
    "access:index": Entry(plain("access:index"), **PERSON_FORM),
    "access:log": Entry(
        plain("access:log"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=NOT_FOUND),
        POST=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
    ),
    # Only Alice changes or ends her own grant.
    **{
        f"access:{name}": Entry(
            lambda w, name=name: w.grant_url(f"access:{name}"),
            GET=row(anonymous=TO_LOGIN, persons=NOT_ALLOWED, therapists=NOT_FOUND),
            POST=row(
                anonymous=TO_LOGIN,
                persons=NOT_FOUND,
                owner=to("access:index"),
                therapists=NOT_FOUND,
            ),
        )
        for name in ("change", "revoke")
    },
    # twofactor: every account's own second step ---------------------------------------
    "twofactor:settings": Entry(
        plain("twofactor:settings"),
        GET=row(anonymous=TO_LOGIN, logged_in=OK),
        POST=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
    ),
    # People have none yet (an empty POST is refused on the page); the therapists have one.
    "twofactor:setup": Entry(
        plain("twofactor:setup"),
        GET=row(anonymous=TO_LOGIN, persons=OK, therapists=to("twofactor:settings")),
        POST=row(anonymous=TO_LOGIN, persons=OK, therapists=to("twofactor:settings")),
    ),
    # Nobody is half-way through a log-in here: nothing to ask a code for.
    "twofactor:verify": Entry(
        plain("twofactor:verify"),
        GET=row(anonymous=to("accounts:login"), logged_in=TO_HOME),
        POST=row(anonymous=to("accounts:login"), logged_in=TO_HOME),
    ),
    # The therapists' empty POST asks for the password, on the page.
    "twofactor:backup_codes": Entry(
        plain("twofactor:backup_codes"),
        GET=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
        POST=row(anonymous=TO_LOGIN, persons=to("twofactor:settings"), therapists=OK),
    ),
    # Nothing to turn off for people; therapists keep theirs.
    "twofactor:off": Entry(
        plain("twofactor:off"),
        GET=row(anonymous=TO_LOGIN, logged_in=NOT_ALLOWED),
        POST=row(anonymous=TO_LOGIN, logged_in=to("twofactor:settings")),
    ),
    # admin (nobody here is staff; every other admin:* URL: see the admin rule) --
    "admin:index": Entry(
        plain("admin:index"),
        GET=row(everyone=TO_ADMIN_LOGIN),
        POST=row(everyone=TO_ADMIN_LOGIN),
    ),
    "admin:login": Entry(plain("admin:login"), **PUBLIC_FORM),
}


# ---------------------------------------------------------------------------
# The cells
# ---------------------------------------------------------------------------

CELLS = [
    pytest.param(name, persona, method, id=f"{name}-{persona}-{method}")
    for name in MATRIX
    for persona in PERSONAS
    for method in METHODS
]


@pytest.fixture(autouse=True)
def _no_static_scan(settings):
    """WhiteNoise scans every static file each time a test client starts; hundreds of
    clients make that most of this module's run time. Production does not scan either."""
    settings.WHITENOISE_USE_FINDERS = False


def login_as(client_for, people, persona):
    username = PERSONAS[persona]
    client = client_for(people[username] if username else None)
    if persona in THERAPISTS:
        pass_second_step(client, people[username])
    return client


def assert_answer(response, expected, url):
    if isinstance(expected, Redirect):
        assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
        assert response["Location"] == expected.location(url)
    else:
        assert expected != 302, "write redirects as Redirect(...) so the Location is checked"
        assert response.status_code == expected
        if expected == NOT_FOUND:
            assert not response.has_header("Location")


@pytest.mark.parametrize(("name", "persona", "method"), CELLS)
def test_cell(name, persona, method, personas, client_for):
    client = login_as(client_for, personas, persona)
    entry = MATRIX[name]
    url = entry.url(World(personas))
    assert resolve(urlsplit(url).path).view_name == name, "the entry builds another view's URL"

    response = client.get(url) if method == "GET" else client.post(url)

    assert_answer(response, getattr(entry, method)[persona], url)


# ---------------------------------------------------------------------------
# The gate: the matrix and the resolver agree
# ---------------------------------------------------------------------------


def test_matrix_covers_every_url():
    missing = missing_from_matrix(MATRIX)
    assert not missing, f"URL patterns with no row in the authorisation matrix: {missing}"


def test_matrix_has_no_stale_entries():
    stale = stale_in_matrix(MATRIX)
    assert not stale, f"Matrix rows for URL names that no longer exist: {stale}"


def test_every_matrix_row_has_every_persona_and_method():
    for name, entry in MATRIX.items():
        for method in METHODS:
            assert set(getattr(entry, method)) == set(PERSONAS), (name, method)


def _throwaway_urlconf(*extra):
    from config import urls as project_urls

    module = ModuleType("tests.throwaway_urls")
    module.urlpatterns = [*project_urls.urlpatterns, *extra]
    return module


@public
def _throwaway_view(request):
    return HttpResponse("throwaway")


def test_gate_reports_a_new_url_pattern():
    urlconf = _throwaway_urlconf(path("throwaway/", _throwaway_view, name="throwaway"))

    assert missing_from_matrix(MATRIX, urlconf=urlconf) == ["throwaway"]
    assert stale_in_matrix(MATRIX, urlconf=urlconf) == []


def test_gate_reports_an_unnamed_url_pattern():
    """An unnamed pattern cannot be reversed into a matrix row: the gate makes you name it."""
    urlconf = _throwaway_urlconf(path("nameless/", _throwaway_view))

    assert missing_from_matrix(MATRIX, urlconf=urlconf) == ["<unnamed nameless/>"]


def test_gate_reports_a_matrix_row_whose_url_is_gone():
    assert stale_in_matrix({**MATRIX, "couples:gone": None}) == ["couples:gone"]


# ---------------------------------------------------------------------------
# The admin rule: every admin URL but the two rows above
# ---------------------------------------------------------------------------


def _admin_url(route, people):
    """A URL for any admin pattern, with real sample values for its arguments."""
    user = people["alice"]
    samples = {
        "object_id": str(user.pk),
        "id": str(user.pk),
        "content_type_id": str(ContentType.objects.get_for_model(User).pk),
        "app_label": "accounts",
        "url": "no-such-page/",
    }
    params = set(route.pattern.pattern.converters) | set(route.pattern.pattern.regex.groupindex)
    unknown = params - set(samples)
    assert not unknown, f"{route.name}: add sample values for {sorted(unknown)}"
    if route.named:
        return reverse(route.name, kwargs={p: samples[p] for p in params})
    # Unnamed patterns (the object redirect, the catch-all) have no reverse: fill the route.
    url = "/" + route.route
    for param in params:
        for placeholder in (f"<path:{param}>", f"(?P<{param}>.*)$"):
            url = url.replace(placeholder, samples[param])
    assert resolve(url).func is route.callback, f"{route.name}: built {url}"
    return url


# Every admin URL for one persona of each kind (the admin only asks "staff?"); the
# admin:index row above and the changelist test below cover every persona.
@pytest.mark.parametrize("persona", ["anonymous", "owner", "therapist_without_grant"])
def test_admin_refuses_every_non_staff_persona(persona, personas, client_for):
    """The admin enforces staff access itself: no non-staff account gets past its login."""
    client = login_as(client_for, personas, persona)
    routes = [r for r in iter_routes() if r.in_admin and r.name not in ADMIN_IN_MATRIX]
    assert routes and all(is_admin_rule(r.name) for r in routes)
    wrong = []
    for route in routes:
        url = _admin_url(route, personas)
        response = client.get(url)
        if route.name == "admin:logout":
            # Django's admin sends a non-staff logout to the index (then to the login).
            expected = reverse("admin:index")
        else:
            expected = TO_ADMIN_LOGIN.location(url)
        if response.status_code != 302 or response["Location"] != expected:
            wrong.append((route.name, url, response.status_code, response.get("Location")))
    assert not wrong


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_plain_person_cannot_reach_a_model_changelist(persona, personas, client_for):
    client = login_as(client_for, personas, persona)
    url = reverse("admin:accounts_user_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == TO_ADMIN_LOGIN.location(url)


def test_staff_do_reach_the_admin(db, client_for):
    """The refusals above come from the staff check, not from a broken admin."""
    operator = make_person("operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()

    response = client_for(operator).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
