"""The private prompts of each stage, for each role, in this project's own words.

The stages follow the affair-recovery literature: Gordon, Baucom and Snyder's impact,
meaning and moving on, and Gottman's atone, attune and attach. The words here are ours;
they never diagnose, and never tell anyone to forgive or to stay.
"""

from dataclasses import dataclass

from .models import Role, Stage


@dataclass(frozen=True)
class Prompt:
    key: str
    stage: str
    role: str | None  # None: for both partners
    title: str
    guide: str


PROMPTS = [
    # Stage 1: impact (atone). The hurt partner puts what happened into words; the other
    # takes responsibility and tries to understand the harm, without defending.
    Prompt(
        "what-happened",
        Stage.IMPACT,
        Role.HURT,
        "What happened to me",
        "Write it as you lived it: what you found out, how, and what the days since have "
        "been like. Nobody else reads this unless you choose to share it.",
    ),
    Prompt(
        "what-i-feel",
        Stage.IMPACT,
        Role.HURT,
        "What I feel",
        "Anger, grief, numbness, shame, relief, all of them at once: every feeling is "
        "allowed here. You don't have to be fair or finished.",
    ),
    Prompt(
        "what-i-need",
        Stage.IMPACT,
        Role.HURT,
        "What I need to feel safe",
        "What would help you feel a little safer day to day? Time alone, honesty when you "
        "ask, help from friends or a counsellor? You decide what, if anything, to ask for.",
    ),
    Prompt(
        "what-i-did",
        Stage.IMPACT,
        Role.BROKE_TRUST,
        "What I did, without excuses",
        "Name what you did plainly, in the first person. Leave out reasons and "
        "circumstances for now: they belong to a later stage, and here they sound like "
        "excuses.",
    ),
    Prompt(
        "the-impact",
        Stage.IMPACT,
        Role.BROKE_TRUST,
        "How it has affected my partner",
        "Try to see it through your partner's eyes: what they lost, what they now fear, "
        "what everyday moments have become hard. Understanding the harm is not the same as "
        "punishing yourself.",
    ),
    Prompt(
        "what-i-can-offer",
        Stage.IMPACT,
        Role.BROKE_TRUST,
        "What I can offer now",
        "Patience, honest answers, being reachable: what can you truly give, without "
        "asking for anything back? Nothing you write here is promised until you offer it.",
    ),
    # Stage 2: meaning (attune). How could it happen; understanding is not excusing.
    Prompt(
        "still-asking",
        Stage.MEANING,
        Role.HURT,
        "What I still can't make sense of",
        "Which questions keep coming back? Which ones matter for your future, and which "
        "would only hurt more to have answered?",
    ),
    Prompt(
        "what-it-says",
        Stage.MEANING,
        Role.HURT,
        "What I fear it says",
        "About you, about your partner, about the two of you. Write the fear down, then "
        "ask yourself how sure you are that it is true.",
    ),
    Prompt(
        "how-it-came-about",
        Stage.MEANING,
        Role.BROKE_TRUST,
        "How it came about",
        "What was going on in you and around you when you made those choices? This is "
        "for understanding, not for excusing: the choices were still yours.",
    ),
    Prompt(
        "what-must-change",
        Stage.MEANING,
        Role.BROKE_TRUST,
        "What has to change in me",
        "What would you need to do differently so it doesn't happen again, whatever the "
        "two of you decide?",
    ),
    # Stage 3: moving on (attach). The same prompts for both (role None).
    Prompt(
        "learned",
        Stage.MOVING_ON,
        None,
        "What I have learned",
        "About yourself, about your partner, about what you need from a relationship.",
    ),
    Prompt(
        "next",
        Stage.MOVING_ON,
        None,
        "What I want next",
        "For yourself first. Whatever it is, it is allowed: going on together, more time, "
        "or going separate ways.",
    ),
]
BY_KEY = {prompt.key: prompt for prompt in PROMPTS}


def prompts_for(stage, role):
    return [p for p in PROMPTS if p.stage == stage and p.role in (role, None)]
