from django import template

from steadfast.assessments.interpretation import format_score

register = template.Library()


@register.filter
def score(value):
    """A score as people read it: 12, 3.5, 2.57."""
    return format_score(value)
