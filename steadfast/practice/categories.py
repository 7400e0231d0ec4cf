"""What a client can grant a therapist, and which records fall in each category.

`MODEL_CATEGORIES` is the one table: a model that is not in it is never shown to a
therapist, whatever its audience. A measure from a safety instrument (an abuse
screen) counts as safety data, not as a measure.
"""

from django.db import models
from django.db.models import Q


class Category(models.TextChoices):
    MEASURES = "measures", "Questionnaire results"
    CHECKINS = "checkins", "Daily check-ins"
    COMMITMENTS = "commitments", "Promises"
    CONVERSATIONS = "conversations", "Conversations"
    JOURNAL = "journal", "Journal entries and thought records you share with the therapist"
    SAFETY = "safety", "Safety: your private check-ins, safety plan and screening results"


# Grant columns are named after the categories (Grant.measures, Grant.safety, ...).
CATEGORY_FIELDS = tuple(Category.values)

# model label -> category. Measures are split further by `measure_category`.
MODEL_CATEGORIES = {
    "assessments.measure": Category.MEASURES,
    "checkins.dailycheckin": Category.CHECKINS,
    "commitments.commitment": Category.COMMITMENTS,
    "conversations.conversation": Category.CONVERSATIONS,
    "conversations.turn": Category.CONVERSATIONS,
    "conversations.exerciseanswer": Category.CONVERSATIONS,
    "journal.entry": Category.JOURNAL,
    "journal.thoughtrecord": Category.JOURNAL,
    "safety.checkin": Category.SAFETY,
    "safety.safetyplan": Category.SAFETY,
}


def _safety_instruments():
    from steadfast.assessments.battery import SAFETY_INSTRUMENTS

    return SAFETY_INSTRUMENTS


def category_of(record):
    """The category `record` falls in, or None when no grant can ever cover it."""
    label = record._meta.label_lower
    if label == "assessments.measure" and record.instrument in _safety_instruments():
        return Category.SAFETY
    return MODEL_CATEGORIES.get(label)


def record_conditions(model):
    """[(Q on the model's rows, category)]: which rows of `model` fall in which category.

    Empty for a model no grant covers. Measures need two: safety instruments are safety
    data. (A safety flag inside an ordinary measure, such as PHQ-9 item 9, is part of
    the measure's sealed details: therapist pages show it only with the safety grant.)
    """
    label = model._meta.label_lower
    if label == "assessments.measure":
        safety = Q(instrument__in=_safety_instruments())
        return [(~safety, Category.MEASURES), (safety, Category.SAFETY)]
    category = MODEL_CATEGORIES.get(label)
    return [] if category is None else [(Q(), category)]
