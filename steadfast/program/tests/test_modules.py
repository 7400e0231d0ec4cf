"""The modules as data: five steps, each with two or three modules, each complete, every
link leading somewhere that exists."""

import re

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from steadfast.core.steps import WAY_THROUGH
from steadfast.journal.prompts import BY_KEY as JOURNAL_PROMPTS
from steadfast.program.modules import ALONE, BY_SLUG, MODULES, TOGETHER, modules_of_step

# Words this project's content never uses: no diagnosing, no promised outcomes, no
# streaks or guilt.
NEVER = re.compile(
    r"\b(diagnos\w*|disorder|patholog\w*|guarantee\w*|cure[sd]?|streak\w*|fail(ed)? to keep up"
    r"|you should feel|must forgive)\b",
    re.I,
)


def test_every_step_has_two_or_three_modules():
    assert [len(modules_of_step(step.number)) for step in WAY_THROUGH] == [3, 3, 2, 3, 2]
    assert {module.step for module in MODULES} == {1, 2, 3, 4, 5}


def test_modules_are_in_step_order_with_neutral_unique_slugs():
    assert [module.step for module in MODULES] == sorted(module.step for module in MODULES)
    assert len(BY_SLUG) == len(MODULES)
    for module in MODULES:
        assert re.fullmatch(r"[1-5][a-c]", module.slug), module.slug
        assert module.slug.startswith(str(module.step))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.slug)
def test_every_module_has_a_lesson_an_exercise_and_a_reflection(module):
    assert module.title
    assert module.who in (ALONE, TOGETHER)
    assert 2 <= module.minutes <= 10
    assert len(module.lesson) >= 3
    assert all(paragraph.strip() for paragraph in module.lesson)
    words = sum(len(paragraph.split()) for paragraph in module.lesson)
    assert 120 <= words <= 700, f"{module.slug}: a lesson of a few minutes, not {words} words"
    assert module.exercise.strip()
    assert module.links, "an exercise leads to the feature where it is done"
    assert module.reflection.strip().endswith("?")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.slug)
def test_no_module_diagnoses_promises_or_keeps_score(module):
    text = " ".join([module.title, *module.lesson, module.exercise, module.reflection])
    assert not NEVER.search(text), NEVER.search(text).group(0)


def test_there_are_modules_for_one_and_for_two():
    assert {module.who for module in MODULES} == {ALONE, TOGETHER}


@pytest.mark.parametrize(
    ("module", "link"),
    [(module, link) for module in MODULES for link in module.links],
    ids=lambda value: getattr(value, "slug", None) or getattr(value, "url_name", ""),
)
def test_every_link_reverses_and_resolves(module, link):
    try:
        url = link.url
    except NoReverseMatch:  # pragma: no cover - the assertion says which
        pytest.fail(f"{module.slug}: {link.url_name} does not reverse")
    assert resolve(url.split("?")[0]).view_name == link.url_name
    for name, value in link.query:
        if name == "prompt":
            assert value in JOURNAL_PROMPTS


def test_the_exercises_lead_to_the_features_of_each_step():
    names = {module.step: set() for module in MODULES}
    for module in MODULES:
        names[module.step] |= {link.url_name for link in module.links}
    assert {"journal:new", "assessments:take", "assessments:profile"} <= names[1]
    assert {"conversations:index", "journal:thought_new"} <= names[1] | names[2]
    assert "selfcare:help" in names[3]
    assert {"commitments:list", "checkins:daily"} <= names[4]
    assert {"selfcare:index", "selfcare:strengths"} <= names[5]


def test_every_step_links_to_the_program_and_keeps_its_other_links():
    for step in WAY_THROUGH:
        assert ("Short lessons", "program:index") in step.available
        for _, url_name in step.available:
            reverse(url_name)
    assert len(WAY_THROUGH[0].available) == 5
