"""Who may open which conversation and see which answers. Views ask here and nowhere else.

A conversation is seen by its two partners only while they are still the couple that
opened it (`couple_id` equals the viewer's current couple), and within it each turn
through `visible_to`. After an unlink each person keeps only their own words
(`earlier_words`).

Exercises keep one rule above all: until a person has finished an exercise, nothing
about their partner's answers is even looked up, so no page of theirs can differ with
whether the partner has started or finished (IPV-2).
"""

from django.http import Http404

from steadfast.core.access import get_visible_or_404, partner_of, visible_to
from steadfast.couples.models import Membership

from .models import Conversation, ExerciseAnswer, ExerciseFinish, Turn


def current_couple_id(user):
    """The id of the couple `user` is in now, or None. Cached per request user."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_steadfast_couple_id"):
        user._steadfast_couple_id = (
            Membership.objects.filter(person=user).values_list("couple_id", flat=True).first()
        )
    return user._steadfast_couple_id


def forget_couple(user):
    if hasattr(user, "_steadfast_couple_id"):
        del user._steadfast_couple_id


# --- Conversations -------------------------------------------------------------------


def conversations_for(user):
    """The conversations of the person's current couple, newest first."""
    couple_id = current_couple_id(user)
    if couple_id is None:
        return Conversation.objects.none()
    return visible_to(Conversation.objects.filter(couple_id=couple_id), user).select_related(
        "owner", "partner"
    )


def get_conversation_for(user, key):
    """A conversation of the person's current couple, or 404 (outsiders, ex-partners,
    therapists: the same answer)."""
    couple_id = current_couple_id(user)
    if couple_id is None:
        raise Http404
    queryset = Conversation.objects.filter(couple_id=couple_id).select_related("owner", "partner")
    return get_visible_or_404(queryset, user, key=key)


def turns_for(conversation, user):
    """The turns of a conversation `user` may open, in order."""
    return visible_to(conversation.turns.all(), user).select_related("owner")


def earlier_words(user):
    """[(topic or None, [own turns])] for conversations of a couple that no longer exists:
    each person keeps their own words, and only those (the topic if they opened it)."""
    turns = (
        Turn.objects.filter(owner=user, conversation__couple__isnull=True)
        .select_related("conversation")
        .order_by("conversation__created_at", "conversation_id", "number")
    )
    grouped = {}
    for turn in turns:
        conversation = turn.conversation
        if conversation.pk not in grouped:
            topic = conversation.topic if conversation.owner_id == user.pk else None
            grouped[conversation.pk] = (topic, [])
        grouped[conversation.pk][1].append(turn)
    return list(grouped.values())


# --- Exercises -----------------------------------------------------------------------


def own_answers(user, exercise, couple_id):
    """{prompt key: answer} of the person's own answers."""
    answers = ExerciseAnswer.objects.filter(owner=user, couple_id=couple_id, exercise=exercise.slug)
    return {answer.prompt: answer for answer in answers}


def has_finished(user, exercise, couple_id):
    return ExerciseFinish.objects.filter(
        person=user, couple_id=couple_id, exercise=exercise.slug
    ).exists()


def revealed_answers(user, exercise, couple_id):
    """{prompt key: answer} the partner chose to show, or None while the partner has not
    finished. Only for a person who has finished themselves: asking earlier would let
    their pages change with the partner's progress."""
    if not has_finished(user, exercise, couple_id):
        raise ValueError("revealed_answers is only for a person who has finished")
    partner = partner_of(user)
    if partner is None or not has_finished(partner, exercise, couple_id):
        return None
    shown = ExerciseAnswer.objects.filter(
        owner=partner, couple_id=couple_id, exercise=exercise.slug
    )
    return {answer.prompt: answer for answer in visible_to(shown, user)}


def exercise_statuses(user, exercises, couple_id):
    """{slug: "not started" | "started" | "waiting" | "revealed"} in at most three queries;
    the partner's finishes are looked up only for exercises the person has finished."""
    started = set(
        ExerciseAnswer.objects.filter(owner=user, couple_id=couple_id)
        .values_list("exercise", flat=True)
        .distinct()
    )
    finished = set(
        ExerciseFinish.objects.filter(person=user, couple_id=couple_id).values_list(
            "exercise", flat=True
        )
    )
    both = set()
    partner = partner_of(user)
    if finished and partner is not None:
        both = set(
            ExerciseFinish.objects.filter(
                person=partner, couple_id=couple_id, exercise__in=sorted(finished)
            ).values_list("exercise", flat=True)
        )
    statuses = {}
    for exercise in exercises:
        slug = exercise.slug
        if slug in both:
            statuses[slug] = "revealed"
        elif slug in finished:
            statuses[slug] = "waiting"
        elif slug in started:
            statuses[slug] = "started"
        else:
            statuses[slug] = "not started"
    return statuses
