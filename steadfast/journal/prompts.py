"""Questions to write from, a few for each root of distrust (core.roots.Root).

Written by this project in plain words. They invite a person to look at where their
own distrust comes from; they never diagnose, never ask about the partner's doings,
and any of them can be skipped.
"""

from dataclasses import dataclass

from steadfast.core.roots import Root


@dataclass(frozen=True)
class Prompt:
    key: str
    root: str
    text: str


_QUESTIONS = {
    Root.OLD_HURT: [
        "Think of a time your trust was broken, in this relationship or long before it. "
        "What happened, and what did you decide about people afterwards?",
        "When you feel suspicious now, does it remind you of something from before? "
        "What feels the same, and what is different this time?",
        "What did you need back then that you didn't get? Do you still find yourself "
        "looking for it?",
        "What would help that old hurt weigh a little less today? A small answer is enough.",
    ],
    Root.SELF_WORTH: [
        "When you worry your partner might leave or look elsewhere, what are you afraid "
        "that would say about you?",
        "Write about a moment when you felt you were enough, just as you are. "
        "What was around you then?",
        "What do you tell yourself when you feel unsure of your worth? "
        "Would you say the same to a friend?",
        "Which parts of feeling good about yourself do you hand to your partner to look "
        "after? Which could you hold yourself?",
    ],
    Root.COMMUNICATION: [
        "Is there something you find hard to say to your partner? "
        "What do you imagine would happen if you said it?",
        "Think of a recent misunderstanding. What did you hear, and what else might "
        "have been meant?",
        "How were worries and feelings talked about in the home you grew up in?",
        "When do you feel most listened to? What does the other person do then?",
    ],
    Root.BROKEN_PROMISES: [
        "Which broken promise still stays with you? What did it mean to you when it broke?",
        "Are there promises you have found hard to keep? What got in the way?",
        "When a promise slips, what story do you tell yourself about why?",
        "What small promise, kept, would help you feel a little steadier right now?",
    ],
    Root.SECRETS: [
        "What does privacy mean to you? Where does it start to feel like secrecy?",
        "When you sense that something is being kept from you, what do you notice first, "
        "in your body and in your thoughts?",
        "Were secrets part of your life growing up? How might they shape what you expect now?",
        "Is there something you keep to yourself that weighs on you? What would you need "
        "in order to feel safe saying it?",
    ],
}

PROMPTS = [
    Prompt(f"{root.value}-{number}", root.value, text)
    for root, questions in _QUESTIONS.items()
    for number, text in enumerate(questions, start=1)
]
BY_KEY = {prompt.key: prompt for prompt in PROMPTS}


def prompts_by_root():
    """[(root label, [Prompt, ...])] in the order of core.roots.Root."""
    return [
        (root.label, [prompt for prompt in PROMPTS if prompt.root == root.value]) for root in Root
    ]
