"""The five steps of the way through (DESIGN.md §1), the spine of the program.

Each later feature hangs off one of these steps; `available` lists what a person
can already use for it, as (label, url name) pairs.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    summary: str
    available: list = field(default_factory=list)


WAY_THROUGH = [
    Step(
        1,
        "Understand where it comes from",
        "Distrust usually has roots: an old hurt, a shaky sense of your own worth, promises "
        "that were broken or things that were kept hidden. Noticing your own roots, without "
        "blaming yourself or your partner, is where change starts.",
        [
            ("Measures", "assessments:measures"),
            ("Your trust profile", "assessments:profile"),
            ("Your journal", "journal:index"),
            ("Thought records", "journal:thoughts"),
            ("Short lessons", "program:index"),
        ],
    ),
    Step(
        2,
        "Talk, and really listen",
        "Say what you fear and what you need, plainly and without attack, and let your partner "
        "do the same. Listening until the other person feels understood matters more than "
        "winning the point.",
        [
            ("Link with your partner", "couples:couple"),
            ("Talk and listen", "conversations:index"),
            ("Repairing trust together", "recovery:index"),
            ("Short lessons", "program:index"),
        ],
    ),
    Step(
        3,
        "Get help when you need it",
        "A couples therapist or a counsellor can hold the hard conversations with you. "
        "You can share exactly what you choose with them here, and nothing else.",
        [
            ("People who can help", "safety:support"),
            ("Finding a therapist", "selfcare:help"),
            ("Short lessons", "program:index"),
        ],
    ),
    Step(
        4,
        "Rebuild trust slowly",
        "Trust comes back through small promises, kept again and again, that match what was "
        "said. Progress is uneven, and that is normal.",
        [
            ("Promises", "commitments:list"),
            ("Daily check-in", "checkins:daily"),
            ("Side by side", "checkins:together"),
            ("The two of you", "together:overview"),
            ("Short lessons", "program:index"),
        ],
    ),
    Step(
        5,
        "Look after yourself",
        "Sleep, friends, things you enjoy and a kinder voice towards yourself make it easier "
        "to trust and to be trusted. Your wellbeing counts on its own, not only as part of a "
        "couple.",
        [
            ("Your check-in", "safety:checkin"),
            ("My plan", "safety:plan"),
            ("Looking after yourself", "selfcare:index"),
            ("Short lessons", "program:index"),
        ],
    ),
]
