"""Steps 3, 4 and 5: get help when you need it; rebuild trust slowly; look after yourself.

Written by this project in plain words. No lesson diagnoses anyone or promises an
outcome; every exercise and every reflection can be skipped.
"""

from ..modules import ALONE, TOGETHER, Link, Module

MODULES = (
    Module(
        slug="3a",
        step=3,
        title="When outside help makes sense",
        who=ALONE,
        minutes=4,
        lesson=(
            "Working on trust on your own, or as a couple, can go a long way. Sometimes it "
            "helps to have someone outside the relationship in the room: a couples therapist "
            "for the two of you, or a counsellor just for you.",
            "It may be worth looking for help if the same argument keeps coming round "
            "without getting anywhere, if a hurt feels too big to talk about without it "
            "blowing up, or if you notice that your worries are taking over much of your day. "
            "You don't need to wait until things are very bad.",
            "Asking for help is not a sign of failure, and it doesn't commit you to anything. "
            "A first session is usually a chance to see whether this person is right for "
            "you. It is fine to try someone else if they are not.",
            "If you do see someone, you can bring what you've done here. You decide exactly "
            "what they see, and you can change your mind at any time.",
        ),
        exercise=(
            "Read the page on finding a therapist: what to look for, what to expect, and "
            "where to search near you."
        ),
        links=(Link("Finding a therapist", "selfcare:help"),),
        reflection="What would you most want a therapist or counsellor to understand about you?",
    ),
    Module(
        slug="3b",
        step=3,
        title="Being safe comes first",
        who=ALONE,
        minutes=3,
        lesson=(
            "Everything in this program assumes that you are safe with each other. If you "
            "are afraid of your partner, if you feel watched, controlled or threatened, or if "
            "things have become physical, that comes before any work on trust.",
            "In that situation, couples work is usually not the right place to start. "
            "Talking to a support service on your own, in confidence, is. They have heard "
            "many stories like yours and will not tell you what to do.",
            "Steadfast keeps a list of services for your country, and a private plan you can "
            "fill in if you ever need one. Neither is shown to anyone else.",
            "If none of this applies to you, that's good to know too. It can still help to "
            "know where this page is, for yourself or for someone you care about.",
            "Feeling safe can also mean feeling safe to say no: to a conversation, a question or "
            "a request to share something. Nothing in Steadfast should be used to pressure "
            "anyone, and you never have to explain why you keep something to yourself.",
        ),
        exercise="Look at the services for your country, and keep the page in mind.",
        links=(
            Link("People who can help", "safety:support"),
            Link("My plan", "safety:plan"),
        ),
        reflection="Who, outside your relationship, could you talk to if things got hard?",
    ),
    Module(
        slug="4a",
        step=4,
        title="Small promises, kept",
        who=ALONE,
        minutes=4,
        lesson=(
            "After trust has been shaken, big declarations rarely help much. What tends to "
            "help is small things, done again and again, that match what was said.",
            "A good promise is small, clear and possible even on a bad day. \"I'll text you "
            'when I leave work" is easier to keep, and easier to see kept, than "I\'ll be '
            "more open\". It doesn't have to be about the hurt itself.",
            "Some days it will slip. That is normal, and the record stays honest either way. "
            "What counts over time is the overall pattern, not any single day. You can change "
            "a promise that turns out to be too much; that is part of doing it well.",
            "Promises aren't only for the person who broke trust. Both of you can make "
            "them, and a promise to yourself counts too.",
            "If your partner shares a promise with you, they may ask you to say whether you "
            "saw it kept. Answering honestly, without keeping score, helps both of you see "
            "the same picture.",
        ),
        exercise=(
            "Make one small promise, in your own words, that you could keep tomorrow even if "
            "the day goes badly. Choose who sees it."
        ),
        links=(Link("Make a promise", "commitments:list"),),
        reflection="Which small, steady action would mean the most to you if it came from "
        "your partner, and which could you offer?",
    ),
    Module(
        slug="4b",
        step=4,
        title="Noticing, day by day",
        who=ALONE,
        minutes=3,
        lesson=(
            "Trust comes back unevenly. A good week can be followed by a hard day, and a hard "
            "day can feel like starting again. Usually it isn't.",
            "A short daily check-in (how much you trust, how close you feel, how you are) "
            "lets you see the longer line instead of only today. It takes under a minute.",
            "Your check-ins are private unless you choose to share them. Some couples like to "
            "share theirs and look at them side by side; others keep them to themselves. "
            "Both are fine.",
            "Some days the numbers will dip for no clear reason. That is information, not a "
            "verdict. If you like, a word or two about the day can help you remember later what "
            "was going on: a hard conversation, a bad night's sleep, a kind gesture.",
            "Missing a day doesn't matter. Nothing here counts in a row, and you can pick it "
            "up again whenever suits you.",
        ),
        exercise="Do today's daily check-in. If you like, add a word about the day.",
        links=(Link("Daily check-in", "checkins:daily"),),
        reflection="Looking back over the last few weeks, what has been a little better, even "
        "if it has been uneven?",
    ),
    Module(
        slug="4c",
        step=4,
        title="Repairing trust together after a betrayal",
        who=TOGETHER,
        minutes=5,
        lesson=(
            "When trust has been broken by an affair or another betrayal, repair tends to go "
            "through stages: first facing the impact, then trying to understand what it "
            "meant and how it came about, and only then deciding how to go on.",
            "The partner who broke trust usually needs to take responsibility without "
            "excuses, to be patient with questions, and to offer openness freely, never "
            "because it is demanded. The hurt partner needs room to say how it was, and "
            "limits that keep the questions from taking over every day.",
            "Nobody should feel pushed to forgive, or to stay. Both are choices, and so is "
            "leaving. Repair is worth attempting only if both of you want to, and either of "
            "you can pause at any point.",
            "Steadfast has a path for this, with private writing for each of you and shared "
            "steps you take together when you are both ready.",
            "Moving at different speeds is common. One of you may want to talk every day while "
            "the other needs space. Agreeing on limits, and revisiting them, is part of the "
            "work rather than a sign that it isn't working.",
        ),
        exercise="If this is your situation, look at the path together and decide whether "
        "and when to start it.",
        links=(Link("Repairing trust together", "recovery:index"),),
        reflection="What would you need in order to feel safe taking the first step on this "
        "path, or to decide not to?",
    ),
    Module(
        slug="5a",
        step=5,
        title="A plan for looking after yourself",
        who=ALONE,
        minutes=4,
        lesson=(
            "Working on trust is tiring. Sleep, food, moving your body, time with friends and "
            "things you enjoy are not luxuries here: they make everything else a little "
            "easier.",
            "A self-care plan is just a short list of what helps you, and how often you'd "
            "like to do it. Keep it realistic. Two things you actually do beat ten you "
            "don't.",
            "Your wellbeing counts on its own, not only as part of a couple. Whatever happens "
            "between you and your partner, looking after yourself is worth it.",
            "Think about what has helped before, on ordinary days as well as hard ones. A walk, "
            "a call with a friend, music, cooking, time outdoors, going to bed a little "
            "earlier. Small and familiar is fine.",
            "Some weeks you will do less than you planned. That's part of life, not a reason "
            "to give up on the plan. You can change it whenever it stops fitting, and "
            "noting what you did manage can be encouraging in itself.",
        ),
        exercise="Add two or three things to your self-care plan, with how often you'd like "
        "to do them.",
        links=(Link("Looking after yourself", "selfcare:index"),),
        reflection="What has helped you through hard times before?",
    ),
    Module(
        slug="5b",
        step=5,
        title="Your strengths",
        who=ALONE,
        minutes=3,
        lesson=(
            "When trust is shaken, it is easy to see only what is going wrong, in the "
            "relationship and in yourself. Your strengths are still there.",
            "Naming a strength, and a time you showed it, is a small way of seeing yourself "
            "more fully. So is noting one thing that went well today, however small.",
            "If you'd like to see how you are doing more broadly, a few short wellbeing "
            "questionnaires are there too, for you alone unless you decide otherwise.",
            "Strengths can be quiet ones: patience, honesty, humour, loyalty, being willing to "
            "keep trying. If nothing comes to mind, think of what a friend who knows you well "
            "would say about you, or of a hard time you got through and what helped you do it.",
            "Coming back to your list on a difficult day can remind you that you are more than "
            "what is going wrong right now.",
        ),
        exercise="Write down one strength of yours and a time you showed it.",
        links=(
            Link("Strengths and good things", "selfcare:strengths"),
            Link("Measures", "assessments:measures"),
        ),
        reflection="Which strength of yours has helped you most through all this?",
    ),
)
