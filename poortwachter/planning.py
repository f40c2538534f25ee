"""Planning a legal action: the working day to plan on and a status seen from today.

The rules give the legal due date and never move a term that is counted back; a casemanager
still needs a *working day* to hold the conversation or send the report. The working day to
plan on (``plan_on``) is the last Atw working day on or before the due date (weekends, Atw
holidays including 5 May every year, and the days equated by decree are skipped); the legal
date is shown beside it unchanged. This is advice on when to act, not a rule: nothing here
changes a deadline, and the statuses below are computed when read, never stored.

Statuses, from today:

- ``overdue``: the due date has passed and the action is not done;
- ``due``: the window is open, or the working day to plan on has come;
- ``soon`` (*binnenkort*): the working day to plan on lies within N working days from today
  (:data:`DEFAULT_SOON_WORKING_DAYS`, configurable), so there is time to plan a conversation;
- ``upcoming``: later than that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Final

from poortwachter.errors import InvalidQueryError
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.texts import Language, text

__all__ = [
    "DEFAULT_SOON_WORKING_DAYS",
    "PlanStatus",
    "Planner",
    "check_soon_days",
]

#: "binnenkort" means: the working day to plan on is at most this many working days away.
DEFAULT_SOON_WORKING_DAYS: Final = 10
_DAY = dt.timedelta(days=1)
#: due date -> working day to plan on, per calendar: shared by every Planner (an agenda is read
#: every morning, and its dates repeat). Bounded like the rules' own caches.
_PLAN_ON: dict[AtwCalendar, dict[dt.date, dt.date]] = {}
_CACHE_LIMIT = 50_000


class PlanStatus(StrEnum):
    """Where an open legal action stands for planning, seen from today (see module doc)."""

    OVERDUE = "overdue"
    DUE = "due"
    SOON = "soon"
    UPCOMING = "upcoming"

    def label(self, language: Language = "nl") -> str:
        """The status in words ('binnenkort', 'soon', ...)."""
        return text("plan_status." + self.value, language)


def check_soon_days(value: int | str) -> int:
    """``value`` as a horizon in working days (0-260), or :class:`InvalidQueryError`."""
    days = -1
    if isinstance(value, str):
        if value.isascii() and value.isdigit():
            days = int(value)
    elif not isinstance(value, bool):
        days = value
    if not 0 <= days <= 260:
        raise InvalidQueryError("soon_days", value, "a whole number of working days from 0 to 260")
    return days


class Planner:
    """Plan-on days and statuses for one day ("today") on one Atw calendar.

    Both depend only on the due date (and a window start); the working day to plan on is
    memoised per calendar and date, shared by every planner: an agenda of many rows shares a
    few hundred distinct dates.
    """

    def __init__(self, calendar: AtwCalendar, today: dt.date, soon_days: int) -> None:
        self.calendar = calendar
        self.today = today
        self.soon_days = check_soon_days(soon_days)
        #: The last day that is still "binnenkort": ``soon_days`` working days after today.
        self.soon_until = self.add_working_days(today, self.soon_days)
        self._plan_on = _PLAN_ON.setdefault(calendar, {})
        if len(self._plan_on) > _CACHE_LIMIT:
            self._plan_on.clear()

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (``day`` itself for 0)."""
        is_working = self.calendar.is_working_day
        while count > 0:
            day += _DAY
            if is_working(day):
                count -= 1
        return day

    def plan_on(self, due: dt.date) -> dt.date:
        """The last working day on or before ``due``: the day to act on."""
        found = self._plan_on.get(due)
        if found is None:
            found = self._plan_on[due] = self.calendar.previous_working_day(due)
        return found

    def status(self, due: dt.date, window_start: dt.date | None = None) -> PlanStatus:
        """The planning status of an open action due on ``due`` (see the module doc)."""
        today = self.today
        if due < today:
            return PlanStatus.OVERDUE
        plan_on = self.plan_on(due)
        if today >= plan_on or (window_start is not None and today >= window_start):
            return PlanStatus.DUE
        if plan_on <= self.soon_until:
            return PlanStatus.SOON
        return PlanStatus.UPCOMING

    def labeller(self, language: Language) -> Callable[[PlanStatus], str]:
        """Status -> words in ``language``, looked up once per status."""
        words = {status: status.label(language) for status in PlanStatus}
        return words.__getitem__
