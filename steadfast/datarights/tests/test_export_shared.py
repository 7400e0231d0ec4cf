"""What a partner shares reaches a person's download exactly as it reaches their pages:
what is shared, while linked, and where a page shows less than the sharing allows, the
same less (IPV-14). Bob shares some things with Alice and keeps others; Alice downloads.
"""

import json
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment, CommitmentEvent, Mark
from steadfast.conversations.models import Conversation, ExerciseAnswer, ExerciseFinish, Turn
from steadfast.core.models import Audience
from steadfast.core.testing import link, make_person
from steadfast.couples.actions import unlink
from steadfast.datarights import export
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.program.models import Progress, ProgressSharing
from steadfast.recovery import models as path
from steadfast.safety.models import CheckIn, SafetyPlan
from steadfast.selfcare.models import Activity, Reflection

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)
PARTNER, PRIVATE, THERAPIST = Audience.PARTNER, Audience.PRIVATE, Audience.THERAPIST


@pytest.fixture
def people():
    alice, bob = make_person("alice"), make_person("bob")
    couple = link(alice, bob)
    return alice, bob, couple


def text_of(document):
    return json.dumps(document, ensure_ascii=False)


def shared(alice):
    return export.build(alice)["shared_by_partner"]


def test_shared_writing_is_there_and_private_writing_is_not(people):
    alice, bob, _ = people
    Entry.objects.create(owner=bob, title="SHARED-title", body="SHARED-body", audience=PARTNER)
    Entry.objects.create(owner=bob, body="PRIVATE-body")
    Entry.objects.create(owner=bob, body="THERAPIST-body", audience=THERAPIST)
    ThoughtRecord.objects.create(
        owner=bob, situation="SHARED-situation", thought="t", strength_before=5, audience=PARTNER
    )
    ThoughtRecord.objects.create(
        owner=bob, situation="PRIVATE-situation", thought="t", strength_before=5
    )
    Activity.objects.create(owner=bob, text="SHARED-activity", audience=PARTNER)
    Activity.objects.create(owner=bob, text="PRIVATE-activity")
    Reflection.objects.create(
        owner=bob, kind="strength", text="SHARED-strength", day=DAY, audience=PARTNER
    )
    Reflection.objects.create(owner=bob, kind="went_well", text="PRIVATE-went-well", day=DAY)
    DailyCheckIn.objects.create(
        owner=bob, day=DAY, trust=1, closeness=2, mood=3, note="SHARED-note", audience=PARTNER
    )
    DailyCheckIn.objects.create(
        owner=bob, day=DAY + timedelta(days=1), trust=1, closeness=2, mood=3, note="PRIVATE-note"
    )
    CheckIn.objects.create(owner=bob, answers={"said": "SAFETY-answer"}, audience=THERAPIST)
    SafetyPlan.objects.create(owner=bob, warning_signs="SAFETY-plan")

    document = export.build(alice)
    text = text_of(document)
    for words in ("title", "body", "situation", "activity", "strength", "note"):
        assert f"SHARED-{words}" in text
    assert "PRIVATE-" not in text and "THERAPIST-" not in text and "SAFETY-" not in text
    theirs = document["shared_by_partner"]
    assert theirs["partner_display_name"] == "Bob"
    assert [e["body"] for e in theirs["journal_entries"]] == ["SHARED-body"]
    assert [d["note"] for d in theirs["daily_check_ins"]] == ["SHARED-note"]
    # Nothing of Bob's is mixed into Alice's own sections.
    assert document["journal"]["entries"] == [] and document["safety"]["plan"] is None


def test_a_shared_result_is_a_score_and_never_the_answers(people):
    alice, bob, _ = people
    phq9 = get_instrument("phq9")
    answers = {1: 3, 2: 3, 3: 2, 4: 2, 5: 1, 6: 1, 7: 1, 8: 0, 9: 2}
    shown = measure_actions.record_measure(bob, phq9, answers, submission_key=uuid.uuid4())
    shown.audience = PARTNER
    shown.save(update_fields=["audience"])
    measure_actions.record_measure(
        bob, phq9, dict.fromkeys(range(1, 10), 0), submission_key=uuid.uuid4()
    )

    [result] = shared(alice)["measures"]
    assert result == {
        "key": str(shown.submission_key),
        "instrument": "phq9",
        "completed_at": timezone.localtime(shown.completed_at).isoformat(),
        "total": shown.total,
        "mean": shown.mean,
        "band": shown.band,
    }
    # And Bob's FHIR file is his own: Alice's holds none of his results.
    assert export.build_fhir(alice)["entry"] == []


def test_a_shared_promise_with_its_marks_but_not_the_notes_or_its_history(people):
    alice, bob, _ = people
    promise = Commitment.objects.create(
        owner=bob, text="SHARED-promise", kind="daily", start=DAY, audience=PARTNER
    )
    CommitmentEvent.objects.create(
        commitment=promise, owner=bob, event="created", text="OLD-words", kind="daily", start=DAY
    )
    Mark.objects.create(
        commitment=promise, owner=bob, day=DAY, done=False, note="PRIVATE-mark-note"
    )
    Commitment.objects.create(owner=bob, text="PRIVATE-promise", kind="daily", start=DAY)
    # Bob's answers about Alice's own promise: shown on her promise's page.
    hers = Commitment.objects.create(
        owner=alice, text="her promise", kind="daily", start=DAY, audience=PARTNER
    )
    Acknowledgement.objects.create(commitment=hers, partner=bob, day=DAY, seen="not_noticed")

    document = export.build(alice)
    text = text_of(document)
    assert "SHARED-promise" in text
    assert "PRIVATE-" not in text and "OLD-words" not in text
    theirs = document["shared_by_partner"]
    assert theirs["promise_marks"] == [
        {"promise": str(promise.key), "day": "2026-11-20", "done": False}
    ]
    assert theirs["their_answers_on_your_promises"] == [
        {"promise": str(hers.key), "day": "2026-11-20", "seen": "not_noticed"}
    ]


def test_an_ex_partners_answers_on_a_promise_are_not_there(people):
    alice, bob, _ = people
    hers = Commitment.objects.create(
        owner=alice, text="her promise", kind="daily", start=DAY, audience=PARTNER
    )
    carl = make_person("carl")
    Acknowledgement.objects.create(commitment=hers, partner=carl, day=DAY, seen="noticed")
    assert shared(alice)["their_answers_on_your_promises"] == []


def test_exercise_answers_only_once_both_have_finished(people):
    alice, bob, couple = people
    ExerciseAnswer.objects.create(
        owner=bob,
        couple=couple,
        exercise="offer",
        prompt="do",
        text="SHOWN-offer",
        audience=PARTNER,
    )
    ExerciseAnswer.objects.create(
        owner=bob, couple=couple, exercise="offer", prompt="own", text="KEPT-offer"
    )
    ExerciseFinish.objects.create(person=bob, couple=couple, exercise="offer")
    # Ticked "show this" on another exercise, not finished yet: not shown, even to a
    # partner who finished it.
    ExerciseAnswer.objects.create(
        owner=bob,
        couple=couple,
        exercise="needs",
        prompt="small",
        text="EARLY-needs",
        audience=PARTNER,
    )
    ExerciseFinish.objects.create(person=alice, couple=couple, exercise="needs")

    assert "SHOWN-offer" not in text_of(export.build(alice))  # Alice has not finished "offer"
    ExerciseFinish.objects.create(person=alice, couple=couple, exercise="offer")
    text = text_of(export.build(alice))
    assert "SHOWN-offer" in text
    assert "KEPT-offer" not in text and "EARLY-needs" not in text


def test_program_reflections_shared_and_modules_done_only_when_shown(people):
    alice, bob, _ = people
    Progress.objects.create(
        owner=bob, module="1a", state="done", reflection="SHARED-reflection", audience=PARTNER
    )
    Progress.objects.create(owner=bob, module="1b", state="done", reflection="PRIVATE-reflection")
    theirs = shared(alice)["program"]
    assert theirs["modules_done"] == []
    assert [r["reflection"] for r in theirs["reflections"]] == ["SHARED-reflection"]
    ProgressSharing.objects.create(owner=bob, share_done=True)
    assert shared(alice)["program"]["modules_done"] == ["1a", "1b"]
    assert "PRIVATE-reflection" not in text_of(export.build(alice))


def test_conversations_and_the_repair_path_only_while_linked(people):
    alice, bob, couple = people
    talk = Conversation.objects.create(
        owner=bob, partner=alice, couple=couple, topic="BOB-topic", speaker=bob, audience=PARTNER
    )
    Turn.objects.create(
        owner=bob, conversation=talk, number=1, kind="statement", text="BOB-turn", audience=PARTNER
    )
    Turn.objects.create(
        owner=alice,
        conversation=talk,
        number=2,
        kind="paraphrase",
        text="ALICE-turn",
        audience=PARTNER,
    )
    pathway = path.Pathway.objects.create(
        couple=couple, starter=bob, invitee=alice, starter_role="hurt", joined_at=timezone.now()
    )
    path.Letter.objects.create(
        pathway=pathway, owner=bob, text="SENT-letter", audience=PARTNER, sent_at=timezone.now()
    )
    path.Reflection.objects.create(
        pathway=pathway, owner=bob, prompt="what-happened", text="PRIVATE-path"
    )
    path.Decision.objects.create(
        pathway=pathway, owner=bob, choice="apart", note="PRIVATE-decision"
    )

    document = export.build(alice)
    text = text_of(document)
    assert "BOB-topic" in text and "BOB-turn" in text and "SENT-letter" in text
    assert "PRIVATE-" not in text and '"apart"' not in text
    assert [t["text"] for t in document["conversations"]["your_turns"]] == ["ALICE-turn"]

    unlink(alice)
    alice = type(alice).objects.get(pk=alice.pk)  # a new request: no cached partner
    document = export.build(alice)
    text = text_of(document)
    assert document["shared_by_partner"] is None
    assert "BOB-" not in text and "SENT-letter" not in text
    assert [t["text"] for t in document["conversations"]["your_turns"]] == ["ALICE-turn"]
