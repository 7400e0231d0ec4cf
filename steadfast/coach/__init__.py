"""The offline message coach: Four Horsemen feedback on a draft, with a gentle start-up.

    from steadfast.coach import analyse
    feedback = analyse("You never listen to me.", previous=None)

A pure module: no database, no network, no request. See README.md in this folder.
"""

from .feedback import Feedback, analyse
from .lexicon import ABSOLUTIST_WORDS, LABELS
from .rules import Evidence

__all__ = ["ABSOLUTIST_WORDS", "LABELS", "Evidence", "Feedback", "analyse"]
