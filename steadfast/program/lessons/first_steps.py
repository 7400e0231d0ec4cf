"""Steps 1 and 2: understand where it comes from; talk, and really listen.

Written by this project in plain words. No lesson diagnoses anyone or promises an
outcome; every exercise and every reflection can be skipped.
"""

from ..modules import ALONE, TOGETHER, Link, Module

MODULES = (
    Module(
        slug="1a",
        step=1,
        title="Where distrust comes from",
        who=ALONE,
        minutes=4,
        lesson=(
            "Distrust rarely comes from nowhere. It usually has roots, and most people have "
            "more than one. Some roots are old: a time when someone you relied on let you "
            "down, perhaps long before this relationship began. Some are about how you see "
            "yourself: when you doubt you are worth staying for, every silence can sound like "
            "a goodbye. Some grow in the relationship itself, from promises that were broken, "
            "from things that were kept hidden, or from conversations that kept going wrong.",
            "Knowing your roots does not mean blaming yourself for them, and it does not "
            "excuse anything your partner did. It simply helps you tell the difference "
            "between what is happening now and what an old hurt is telling you is happening. "
            "Both can be real at the same time.",
            'A useful question is not "Am I right to feel this?" but "Where have I felt this '
            'before?" When the feeling is bigger than the moment seems to call for, an older '
            "root is often joining in. That is very human, and it is worth getting to know.",
            "You don't need to work it all out today. A few honest sentences, written only for "
            "yourself, are a good start. Nobody else reads your journal unless you choose to "
            "share an entry.",
        ),
        exercise=(
            "Write a short journal entry from one of the questions about roots. Pick the one "
            "that tugs at you most; a few lines are enough."
        ),
        links=(Link("Write a journal entry", "journal:new"),),
        reflection="Which root feels closest to your own story right now, and what makes you "
        "think so?",
    ),
    Module(
        slug="1b",
        step=1,
        title="How you see yourself",
        who=ALONE,
        minutes=4,
        lesson=(
            "How much we trust others is tied up with how we feel about ourselves. When you "
            "feel steady in your own worth, a late reply is just a late reply. When you feel "
            "unsure of yourself, the same late reply can feel like proof of something you "
            "already feared.",
            "This is not a flaw to be ashamed of. Many people learned early on that love had "
            "to be earned, or could be taken away. Those lessons stay with us, and they can "
            "make us look to a partner for reassurance that never quite lasts.",
            "Looking at your own sense of worth can take some of that weight off the "
            "relationship. It is something you can tend yourself, a little at a time, "
            "whatever your partner does or doesn't do.",
            "A short questionnaire about how you see yourself can give you a starting point. "
            "It is not a test you pass or fail, and it says nothing final about you. Your "
            "answers are yours, and you choose whether anyone else sees a result.",
        ),
        exercise=(
            "Answer the ten short questions about how you see yourself (a few minutes), then "
            "look at your trust profile, which gathers what you've answered so far."
        ),
        links=(
            Link("Answer the questions about yourself", "assessments:take", args=("rses",)),
            Link("Your trust profile", "assessments:profile"),
        ),
        reflection="When you feel not quite enough, what do you tend to do, and what would you "
        "say to a friend who felt the same?",
    ),
    Module(
        slug="1c",
        step=1,
        title="When jealousy shows up",
        who=ALONE,
        minutes=5,
        lesson=(
            "Jealousy is a painful mix of fear, anger and sadness. It often arrives as a "
            'thought that feels completely certain: "They\'re hiding something." The feeling '
            "is real, but the thought is a guess, and guesses can be looked at.",
            "Checking can seem like the way to calm the fear: looking at a phone, asking the "
            "same question again, tracking where someone is. It may bring relief for a moment, "
            "but the relief rarely lasts, and the next doubt tends to arrive sooner and "
            "louder. Checking teaches the mind that the fear was worth taking seriously. That "
            "is why Steadfast never offers any way to check up on a partner.",
            "What tends to help instead is slowing the moment down. What actually happened? "
            "What went through your mind? What supports that thought, and what doesn't fit "
            "with it? Is there a way of seeing it that takes in both?",
            "Doing this on paper, more than once, lets you see your own patterns over time. "
            "It doesn't make the feeling wrong, and it doesn't mean your partner is always in "
            "the right. It gives you a little room between the feeling and what you do next.",
        ),
        exercise=(
            "Next time a jealous moment comes (or think back to a recent one), fill in a "
            "thought record: what happened, the thought, the feeling and how strong it was, "
            "and a more balanced way to see it."
        ),
        links=(Link("Start a thought record", "journal:thought_new"),),
        reflection="What do you notice in yourself just before the urge to check or ask again?",
    ),
    Module(
        slug="2a",
        step=2,
        title="Saying what you need, gently",
        who=ALONE,
        minutes=4,
        lesson=(
            'When we are hurt, it is natural to lead with the hurt turned outwards: "You '
            'always...", "You never...". It is understandable, and it almost always makes '
            "the other person defend themselves instead of listening.",
            "A gentler start says three things: how you feel, about what, and what you need. "
            "\"I feel uneasy when plans change without a word. I'd like a quick message when "
            "you're running late.\" It is still honest. It just leaves a door open.",
            'Words like "always" and "never", name-calling, rolling your eyes or going '
            "silent for days tend to close that door. Everyone does some of this sometimes. "
            "Noticing it in yourself is not about being perfect; it's about giving the "
            "conversation a better chance.",
            "It can help to try the words out before you say them. Steadfast's coach reads a "
            "draft with you and points out phrases that may land harder than you mean. It "
            "keeps nothing you type.",
        ),
        exercise=(
            "Think of something you'd like your partner to understand. Write it as \"I feel... "
            'about... and I need...", and try it with the coach.'
        ),
        links=(Link("Try a draft with the coach", "conversations:coach"),),
        reflection="What is one thing you find hard to say, and what do you fear would happen "
        "if you said it?",
    ),
    Module(
        slug="2b",
        step=2,
        title="Listening until the other feels heard",
        who=TOGETHER,
        minutes=5,
        lesson=(
            "In a hard conversation, most of us listen in order to reply. We are already "
            "building our answer while the other person is still talking, and they can "
            "feel it.",
            "A simple structure helps. One of you speaks, in short pieces, about your own "
            "feelings and needs. The other listens, then says back in their own words what "
            'they heard, and asks "Did I get that right?" Only when the speaker says yes do '
            "you swap. Agreeing is not the point. Understanding is.",
            "It can feel slow and a bit awkward at first. That slowness is part of what "
            "makes it work: nobody has to fight to be heard, because everyone gets a turn.",
            "If you are on your own for now, this is still worth reading. You can practise "
            "saying back what you heard with a friend, or in any conversation where you "
            "want the other person to feel understood.",
        ),
        exercise=(
            "Together, open a structured conversation in Steadfast about something small "
            "first, not the hardest topic. Take turns speaking and saying back what you heard."
        ),
        links=(Link("Talk and listen", "conversations:index"),),
        reflection="What was it like to be listened to this way, or to listen without "
        "answering back?",
    ),
    Module(
        slug="2c",
        step=2,
        title="Taking a pause, and coming back",
        who=TOGETHER,
        minutes=4,
        lesson=(
            "Sometimes a conversation gets too heated to be useful. Your heart races, your "
            "thoughts narrow, and whatever you say next is likely to make things worse. "
            "That is a good moment to pause.",
            "A pause works best when it is agreed in advance and has a time to come back. "
            '"I need twenty minutes; I\'ll come back at eight." Leaving without saying when '
            "you'll return can feel like being shut out. Coming back when you said you would "
            "is itself a small promise kept.",
            "Use the pause to calm down, not to rehearse your case: a walk, slow breaths, "
            "something ordinary. Then pick up where you left off, a little more gently.",
            "Short exercises where you each answer privately, then reveal your answers "
            "together, can also take some heat out of a topic before you talk about it.",
            "If you're on your own for now, a pause can still help in any hard conversation, "
            "with family, friends or at work. Noticing your own signs early is the skill.",
        ),
        exercise=(
            "Agree together how either of you can ask for a pause, and how long it lasts. "
            "Then try one of the answer-then-reveal exercises."
        ),
        links=(Link("Exercises for two", "conversations:exercises"),),
        reflection="How can you tell that you need a pause, and what helps you come back calmer?",
    ),
)
