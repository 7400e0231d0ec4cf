from django import template

from steadfast.assessments import interpretation
from steadfast.practice import dashboard, summary

register = template.Library()


@register.filter
def change_words(report):
    return dashboard.change_words(report)


@register.filter
def percent(value):
    return summary.percent_words(value)


@register.filter
def score(value):
    return interpretation.format_score(value)
