"""The program: the five steps of the way through (core.steps) as short modules.

Each module is a lesson of a few minutes, an exercise that leads to the part of
Steadfast where it can be done, and a reflection question to answer privately (or not
at all). Some are for a person alone, some for the two of you together; anyone can
open any of them, in any order. The words live in `lessons/`, written by this project.

Slugs are short and say nothing about the subject ("1a", "2b"): they appear in addresses
and browser history (IPV-8).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

ALONE = "alone"
TOGETHER = "together"
WHO_WORDS = {ALONE: "For you alone", TOGETHER: "For the two of you"}


@dataclass(frozen=True)
class Link:
    """A place in Steadfast: a URL name, its arguments and an optional query."""

    label: str
    url_name: str
    args: tuple = ()
    query: tuple = ()  # ((name, value), ...)

    @property
    def url(self):
        url = reverse(self.url_name, args=self.args)
        return f"{url}?{urlencode(self.query)}" if self.query else url


@dataclass(frozen=True)
class Module:
    slug: str
    step: int
    title: str
    who: str  # ALONE or TOGETHER
    minutes: int
    lesson: tuple  # paragraphs of plain text (escaped when shown)
    exercise: str  # what to do, in a sentence or two
    links: tuple  # Link, ...: where to do it
    reflection: str  # the question

    @property
    def for_two(self):
        return self.who == TOGETHER

    @property
    def who_words(self):
        return WHO_WORDS[self.who]


def _load():
    from .lessons import first_steps, later_steps

    return (*first_steps.MODULES, *later_steps.MODULES)


MODULES = _load()
BY_SLUG = {module.slug: module for module in MODULES}
ORDER = {module.slug: position for position, module in enumerate(MODULES)}


def get_module(slug):
    """The module, or None."""
    return BY_SLUG.get(slug)


def modules_of_step(number):
    return [module for module in MODULES if module.step == number]
