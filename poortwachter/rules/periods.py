"""Sickness periods and samentelling: which sick days count, and the date of sick day *n*.

Periods of incapacity that follow each other with fewer than four weeks fully fit in between are
one chain (BW 7:629 lid 10, WIA 23): the clock does not restart, but the fit days do not count
either. Days of Wazo pregnancy/maternity leave are neither sick nor fit. A period that runs up
to the day before a leave and one that starts the day after it join when the incapacity has the
same cause (the Wazo bridge); with fit days before or after the leave the 4-week rule decides,
whatever the cause. Partial or therapeutic work does not
stop the clock: only a full recovery ends a period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = ["Interruption", "LeaveSpan", "SickPeriod", "SicknessChain", "Split"]

_DAY = dt.timedelta(days=1)
#: Why a chain ended and a new one began: 4 weeks fit or more ("gap"), or another cause
#: directly after a Wazo leave ("other_cause").
Split = Literal["gap", "other_cause"]


@dataclass(frozen=True, slots=True)
class SickPeriod:
    """Consecutive sick days from ``start`` through ``end`` (``None`` while still running)."""

    start: dt.date
    end: dt.date | None = None
    ended_by: Literal["recovered", "maternity_leave"] | None = None

    @property
    def length(self) -> int | None:
        return None if self.end is None else (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class LeaveSpan:
    """A Wazo leave, first through last day."""

    start: dt.date
    end: dt.date

    def days_within(self, first: dt.date, last: dt.date) -> int:
        """How many leave days fall in ``first..last`` (inclusive)."""
        lo, hi = max(first, self.start), min(last, self.end)
        return max(0, (hi - lo).days + 1)


@dataclass(frozen=True, slots=True)
class Interruption:
    """Fit (and leave) days between two periods of one chain."""

    fit_from: dt.date
    resumed_on: dt.date
    fit_days: int
    leave_days: int
    #: Joined by the Wazo bridge (sick directly before and after the leave, same cause), not
    #: by the 4-week rule.
    bridge: bool = False

    @property
    def days(self) -> int:
        return (self.resumed_on - self.fit_from).days


@dataclass(frozen=True, slots=True)
class SicknessChain:
    """The periods that count together, and what came before them."""

    periods: tuple[SickPeriod, ...]
    interruptions: tuple[Interruption, ...] = ()
    #: First sick day of the previous chain, when a long gap started this one anew.
    previous_first_day: dt.date | None = None
    previous_gap_days: int | None = None
    #: Why the previous chain ended (see :data:`Split`).
    previous_split: Split | None = None

    @property
    def first_day(self) -> dt.date:
        """F: the first sick day of the chain."""
        return self.periods[0].start

    @property
    def last_period(self) -> SickPeriod:
        return self.periods[-1]

    @property
    def not_sick_from(self) -> dt.date | None:
        """First day not sick after the latest period (recovery or leave), if it ended."""
        end = self.last_period.end
        return None if end is None else end + _DAY

    def day(self, n: int) -> dt.date:
        """The date on which the count of sick days in this chain reaches ``n`` (day 1 = F).

        Past the end of an ended chain the count is projected as if sickness had continued,
        which is what "the moment would have fallen on" means for a case that recovered.
        """
        if n < 1:
            raise ValueError(f"sick day number must be >= 1, got {n}")
        periods = self.periods
        if len(periods) == 1:  # the usual chain; past its end the count runs on the same way
            return periods[0].start + dt.timedelta(days=n - 1)
        counted = 0
        for period in self.periods:
            length = period.length
            if length is None or counted + length >= n:
                return period.start + dt.timedelta(days=n - counted - 1)
            counted += length
        last_end = self.last_period.end
        assert last_end is not None  # the loop returned for a running period
        return last_end + dt.timedelta(days=n - counted)

    def sick_day_number(self, day: dt.date) -> int:
        """How many sick days of the chain lie on or before ``day`` (the inverse of ``day``)."""
        counted = 0
        for period in self.periods:
            if day < period.start:
                return counted
            if period.end is None or day <= period.end:
                return counted + (day - period.start).days + 1
            counted += (period.end - period.start).days + 1
        return counted

    def interruptions_before(self, day: dt.date) -> tuple[Interruption, ...]:
        """The combined gaps that lie before ``day`` (they push day numbers later)."""
        if not self.interruptions:
            return ()
        return tuple(i for i in self.interruptions if i.resumed_on <= day)


def fit_days_between(recovered_on: dt.date, resumed_on: dt.date, leaves: list[LeaveSpan]) -> int:
    """Calendar days fully fit between a recovery and a new sick report, leave days excluded."""
    total = (resumed_on - recovered_on).days
    leave = sum(span.days_within(recovered_on, resumed_on - _DAY) for span in leaves)
    return total - leave


def last_joining_day(not_sick_from: dt.date, gap_days: int, leaves: list[LeaveSpan]) -> dt.date:
    """Last date on which a new sick report still joins the chain (fewer than ``gap_days`` fit).

    Leave days in between do not count as fit days, so a leave extends the window.
    """
    fit = 0
    day = not_sick_from
    while True:
        if not any(span.start <= day <= span.end for span in leaves):
            fit += 1
            if fit == gap_days:
                return day
        day += _DAY
