"""The contact cadence: when the next contact is due, counted in working days.

A cadence ("every two weeks with the employee", "a driegesprek every six weeks") counts
working days of the Algemene termijnenwet calendar (a week is five), from the last contact held
with everyone the cadence names — or from the day it was agreed, when none was held since.
Days inside an agreed quiet period do not count: the rhythm is suspended, not broken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from poortwachter.conversations.fold import ConversationFold
from poortwachter.rules.calendar import AtwCalendar

__all__ = ["CadenceStatus", "add_working_days", "cadence_status", "counts"]

_DAY = dt.timedelta(days=1)


def counts(day: dt.date, calendar: AtwCalendar, quiet: Sequence[tuple[dt.date, dt.date]]) -> bool:
    """Whether ``day`` counts for the cadence: a working day outside every quiet period."""
    return calendar.is_working_day(day) and not any(a <= day <= b for a, b in quiet)


def add_working_days(
    start: dt.date,
    n: int,
    calendar: AtwCalendar,
    quiet: Sequence[tuple[dt.date, dt.date]] = (),
) -> dt.date:
    """The ``n``-th counting day after ``start`` (``start`` itself does not count)."""
    day, left = start, n
    while left > 0:
        day += _DAY
        if counts(day, calendar, quiet):
            left -= 1
    return day


@dataclass(frozen=True)
class CadenceStatus:
    """One agreed cadence on a date: the last contact, the next due and whether it was kept."""

    cadence_id: str
    roles: tuple[str, ...]
    working_days: int
    #: The last contact held with everyone the cadence names (None: none since agreed).
    last_contact: dt.date | None
    #: The last day on which the next contact keeps the rhythm.
    next_due: dt.date
    #: Whether the next contact is later than the rhythm allows on ``as_of``.
    overdue: bool


def cadence_status(
    fold: ConversationFold,
    cadence_id: str,
    as_of: dt.date,
    calendar: AtwCalendar,
) -> CadenceStatus:
    """Where cadence ``cadence_id`` stands on ``as_of``."""
    cadence: dict[str, Any] = fold.cadences[cadence_id]
    agreed = dt.date.fromisoformat(cadence["agreed_on"])
    last = fold.last_held_with(cadence["roles"])
    start = max(agreed, last) if last is not None else agreed
    due = add_working_days(start, cadence["working_days"], calendar, fold.quiet_days())
    return CadenceStatus(
        cadence_id=cadence_id,
        roles=tuple(cadence["roles"]),
        working_days=cadence["working_days"],
        last_contact=last,
        next_due=due,
        overdue=as_of > due,
    )
