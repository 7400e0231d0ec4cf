"""Done against planned, week by week: pure functions, no request and no database."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Week:
    start: object  # the Monday
    done: int  # days the activity was logged that week
    planned: int | None  # times a week set (0: no set number; None: not in the plan yet)
    current: bool  # the week holding today, not over yet

    @property
    def words(self):
        if self.planned is None:
            return "not in your plan yet"
        if self.planned == 0:
            return f"{self.done} (no set number)"
        return f"{self.done} of {self.planned}"

    @property
    def reached(self):
        return bool(self.planned) and self.done >= self.planned


def week_starts(today, count):
    """The Mondays of the last `count` weeks, this week first."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(count)]


def weekly(days_done, planned, today, count, since=None):
    """One Week per recent week, newest first, for an activity logged on `days_done`.
    Weeks wholly before `since` (the day the activity was added) were not planned.

    >>> from datetime import date
    >>> [w.words for w in weekly({date(2026, 11, 24), date(2026, 11, 26)}, 3,
    ...                          date(2026, 11, 27), 2)]
    ['2 of 3', '0 of 3']
    """
    starts = week_starts(today, count)
    return [
        Week(
            start=start,
            done=sum(1 for day in days_done if start <= day < start + timedelta(days=7)),
            planned=None if since is not None and start + timedelta(days=7) <= since else planned,
            current=index == 0,
        )
        for index, start in enumerate(starts)
    ]
