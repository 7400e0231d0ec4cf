"""The next meaningful step for a person, shown on their home page.

In order of care: a conversation paused for a time-out whose return time has come; a
measure that is due; else a promise due today and not yet marked;
else today's daily check-in, if not done; else the next module of the program not done
or skipped, in step order (modules for two only while linked); else a kind word that
every module has been visited.

`choose` is a plain function of what is known about the person; `next_step_for` gathers
that from the person's own rows only, never anyone else's, with a fixed, small number of
queries (it stops as soon as one kind of step is found).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from steadfast.assessments.models import due_measures
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, Mark, Status
from steadfast.conversations.models import Status as ConversationStatus
from steadfast.conversations.models import TimeOut

from .access import own_states
from .models import State
from .modules import MODULES

MEASURE, PROMISE, CHECKIN, MODULE, ALL_DONE = "measure", "promise", "checkin", "module", "all"
RETURN = "return"


@dataclass(frozen=True)
class NextStep:
    kind: str
    heading: str
    text: str
    url: str = ""
    label: str = ""


def choose(*, returns=(), measures=(), promises=(), checkin_done=True, states=None, linked=False):
    """The next step, from: the keys of conversations paused with a return time that has
    come, the instruments due (each with .key and .name), the keys of the promises due
    today and not marked, whether today's check-in is done, the person's {module slug:
    state} and whether they are linked."""
    if returns:
        return NextStep(
            RETURN,
            "Time to come back to your conversation",
            "You took a break and agreed on a time to carry on. That time has come: pick "
            "it up when you are both ready.",
            reverse("conversations:detail", args=[returns[0]]),
            "Back to the conversation",
        )
    if measures:
        first = measures[0]
        more = len(measures) - 1
        text = f"{first.name} is due: a few minutes, and you choose who sees the result."
        if more:
            text += f" {more} more {'is' if more == 1 else 'are'} due after it."
        return NextStep(
            MEASURE,
            "A measure is due",
            text,
            reverse("assessments:take", args=[first.key]),
            f"Answer the {first.short_name}",
        )
    if promises:
        count = len(promises)
        text = (
            "One of your promises is due today and not marked yet."
            if count == 1
            else f"{count} of your promises are due today and not marked yet."
        )
        return NextStep(
            PROMISE,
            "A promise for today",
            text,
            reverse("commitments:detail", args=[promises[0]]),
            "Mark today's promise",
        )
    if not checkin_done:
        return NextStep(
            CHECKIN,
            "Today's check-in",
            "How much you trust, how close you feel, how you are: under a minute, and "
            "private unless you choose.",
            reverse("checkins:daily"),
            "Do today's check-in",
        )
    module = next_module(states or {}, linked=linked)
    if module is not None:
        return NextStep(
            MODULE,
            f"Step {module.step}: {module.title}",
            f"A short lesson (about {module.minutes} minutes), something to try and a "
            "question to think about. You can skip it, or start anywhere else.",
            reverse("program:module", args=[module.slug]),
            "Open the lesson",
        )
    return NextStep(
        ALL_DONE,
        "You've been through every module",
        "Come back to any of them whenever you like; they'll be here. There's no rush and "
        "nothing to keep up.",
        reverse("program:index"),
        "The program",
    )


def next_module(states, *, linked):
    """The first module in step order not done or skipped; modules for two only while
    linked."""
    for module in MODULES:
        if module.for_two and not linked:
            continue
        if states.get(module.slug) not in (State.DONE, State.SKIPPED):
            return module
    return None


def promises_due_today(person, day):
    """Keys of the person's own active promises due on `day` and not marked: three queries
    (the promises with their owner, their history, the day's marks)."""
    marked = set(
        Mark.objects.filter(commitment__owner=person, day=day).values_list(
            "commitment_id", flat=True
        )
    )
    active = (
        Commitment.objects.filter(owner=person, status=Status.ACTIVE)
        .select_related("owner")
        .prefetch_related("events")
        .defer("text", "root")  # the words are not needed: leave them sealed
        .order_by("created_at", "pk")
    )
    return [c.key for c in active if c.pk not in marked and c.is_occurrence(day)]


def returns_due(person):
    """Keys of the conversations of the person's current couple that are paused and whose
    promised return time has come: one query."""
    running = TimeOut.objects.filter(
        conversation__couple__memberships__person=person,
        conversation__status=ConversationStatus.PAUSED,
        ended_at=None,
        return_at__lte=timezone.now(),
    ).order_by("return_at", "pk")
    return list(running.values_list("conversation__key", flat=True))


def next_step_for(person, *, measures=None, linked=False):
    """The person's next step from their own data. `measures`: their due measures, if the
    caller already has them."""
    returns = returns_due(person)
    if returns:
        return choose(returns=returns)
    measures = due_measures(person) if measures is None else measures
    if measures:
        return choose(measures=measures)
    day = timezone.localdate()  # the person's own day: requests run in their time zone
    promises = promises_due_today(person, day)
    if promises:
        return choose(promises=promises)
    if not DailyCheckIn.objects.filter(owner=person, day=day).exists():
        return choose(checkin_done=False)
    return choose(states=own_states(person), linked=linked)
