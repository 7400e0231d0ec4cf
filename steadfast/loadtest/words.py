"""The small stock of names and words the load data is made from.

Plain, made-up and unremarkable: the point is pages that look lived in, not a story.
"""

FIRST_NAMES = (
    "Ada", "Ben", "Cleo", "Dev", "Ella", "Finn", "Gita", "Hugo", "Iris", "Jon", "Kira", "Leo",
    "Maya", "Noah", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Vik", "Wren", "Yara",
)  # fmt: skip
THERAPIST_SURNAMES = ("Ahmed", "Brennan", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia")

# (IANA zone, ISO country): both partners of a couple live in one of these.
PLACES = (
    ("Europe/London", "GB"),
    ("Europe/Berlin", "DE"),
    ("Europe/Madrid", "ES"),
    ("America/New_York", "US"),
    ("America/Chicago", "US"),
    ("America/Los_Angeles", "US"),
    ("America/Toronto", "CA"),
    ("Australia/Sydney", "AU"),
    ("Pacific/Auckland", "NZ"),
    ("Asia/Kolkata", "IN"),
)

CHECKIN_NOTES = (
    "Long day at work, a bit flat.",
    "We had dinner together and actually talked.",
    "Felt anxious when the phone buzzed late.",
    "A good walk this morning.",
    "Tired. Slept badly.",
    "They remembered what I said yesterday. Small thing, it mattered.",
    "Old worries came back for a while this afternoon.",
    "Laughed together for the first time in a while.",
    "Quiet evening, each doing our own thing. That was fine.",
    "Argued about money, then calmed down.",
)

PROMISE_TEXTS = (
    "Text if I'll be home after seven",
    "Put my phone away during dinner",
    "Ask how their day went, and listen",
    "Say when something bothers me instead of going quiet",
    "A phone-free walk together",
    "Ten minutes for myself before bed",
    "Tell them where I'm going when I go out",
    "Do the washing-up without being asked",
    "Call my sister instead of venting at home",
    "Share one thing I appreciated today",
    "Take a time-out instead of raising my voice",
    "Be on time for our evening plans",
)

MARK_NOTES = (
    "Forgot until it was too late.",
    "Easy today.",
    "Did it, though late.",
    "Work ran over.",
)

TOPICS = (
    "How we spend our evenings",
    "What happened at the party",
    "Money, and who decides",
    "Time with friends",
    "What I need when I'm anxious",
    "Phones at the table",
    "Visiting your parents",
    "How we make up after a fight",
)

STATEMENTS = (
    "When you come home late without a message, I start imagining the worst.",
    "I feel left out when plans are made without me.",
    "I need a little time alone after work before I can talk.",
    "I worry that you don't tell me things because you expect me to be angry.",
    "I'd like us to decide together, even when it takes longer.",
    "It helps me a lot when you tell me where you are.",
)

PARAPHRASES = (
    "What I hear is that not knowing where I am makes you anxious.",
    "You're saying you feel left out, and you'd like to be asked.",
    "So you need some quiet first, and then you can talk.",
    "You worry that I hide things to avoid your reaction.",
    "You'd like us to make these choices together.",
)

CLARIFICATIONS = (
    "Not quite: it's less about where you are, more about not being told.",
    "Partly. It's not anger I fear, it's the silence after.",
    "Close, but I mean every day, not only on weekends.",
)

JOURNAL_TITLES = (
    "",
    "",
    "After the talk",
    "A better week",
    "Old stuff",
    "What I noticed",
    "Sunday",
)

JOURNAL_SENTENCES = (
    "I noticed the old worry come up again when the evening got late.",
    "It was easier to say what I needed than I expected.",
    "I keep going back to what happened two years ago.",
    "Today felt steadier than last week.",
    "I want to stop checking and start asking.",
    "I am not sure yet whether I believe it, but I want to.",
    "Writing it down makes it smaller.",
    "We both tried, and it showed.",
    "I felt the urge to look at the phone and didn't.",
    "Some of this is mine, from long before us.",
)

SESSION_NOTES = (
    "Reviewed the week's promises; perception gap narrowing.",
    "Worked on the speaker-listener turns; both paraphrased well.",
    "Discussed the late-evening worry and a plan for messages.",
    "Session focused on repair after last week's argument.",
)
