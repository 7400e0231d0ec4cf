"""The answer-then-reveal exercises: the same prompts for both partners, in our own words.

Each partner answers privately; nothing is shown to the other until both have finished,
and then only the answers each chose to show.
"""

from dataclasses import dataclass

from django.http import Http404


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str


@dataclass(frozen=True)
class Exercise:
    slug: str
    title: str
    intro: str
    prompts: tuple

    def prompt_keys(self):
        return [prompt.key for prompt in self.prompts]


EXERCISES = (
    Exercise(
        "worries",
        "What worries me about trust",
        "Fears are easier to hear when they are said as fears, not as accusations. Write "
        "about what goes on in you, not about what your partner is.",
        (
            Prompt(
                "moment",
                "Think of a recent moment when your trust wobbled. What happened, as plainly "
                "as you can put it?",
            ),
            Prompt("story", "What did you tell yourself, in that moment, about what it meant?"),
            Prompt(
                "fear",
                "Underneath that, what are you most afraid of? What would it mean if it came true?",
            ),
            Prompt(
                "shows",
                "How does the worry show up in you: in your body, your sleep, the things you do?",
            ),
        ),
    ),
    Exercise(
        "needs",
        "What I need from you",
        "Needs said as small, concrete requests are easier to meet than complaints. Ask for "
        "something that could actually happen this week.",
        (
            Prompt(
                "small",
                "One small, concrete thing your partner could do this week that would help you "
                "feel safer with them.",
            ),
            Prompt(
                "words",
                "Something you would like to hear from your partner, in the words you'd like "
                "to hear it.",
            ),
            Prompt(
                "worried",
                "When you feel worried, what helps most: some space, reassurance, a plan, or "
                "something else?",
            ),
            Prompt(
                "harder",
                "One thing that makes trusting harder for you, described as something that "
                "happens rather than as who your partner is.",
            ),
        ),
    ),
    Exercise(
        "offer",
        "What I can offer",
        "Trust comes back through what each of you can actually give. Offer only what you "
        "mean to keep, and be honest about what you can't give yet.",
        (
            Prompt(
                "do",
                "One thing you can do, reliably, that would make trusting you a little easier.",
            ),
            Prompt(
                "own", "A part of the difficulty between you that you can own, even a small one."
            ),
            Prompt(
                "notice",
                "How will you notice when your partner is struggling, and what will you do then?",
            ),
            Prompt(
                "not_yet",
                "Something you can't offer right now, and why, said as kindly as you can.",
            ),
        ),
    ),
)

BY_SLUG = {exercise.slug: exercise for exercise in EXERCISES}


def get_exercise_or_404(slug):
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
