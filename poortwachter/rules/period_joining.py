"""Sick periods and how they join: the one place where a sick report continues the chain
(samentelling, BW 7:629 lid 10; the Wazo bridge) or starts a new one.

:class:`PeriodJoining` is the period half of the sickness fold
(:class:`~poortwachter.rules.facts.SicknessFold`): sick reports, recoveries and Wazo leave. The
cause is asked only where it changes the result (:meth:`PeriodJoining.bridged_leave`); the WVP
guard asks :meth:`PeriodJoining.relapse_refusal` whether a relapse joins instead of deciding
again. Every refusal names the event by index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NoReturn

from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase, MaternityLeave, Recovered, SickReported
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.rules.periods import (
    Interruption,
    LeaveSpan,
    SickPeriod,
    Split,
    fit_days_between,
)

__all__ = ["PeriodJoining", "refuse"]

_DAY = dt.timedelta(days=1)
_CAUSE_NEEDED = (
    "a sick report directly after a Wazo leave (sick up to the day before it and again from "
    "the day after it) must say whether the cause is the same: same_cause_as_before true or "
    "false (the bedrijfsarts' yes/no, never the cause)"
)
_CAUSE_NOT_ASKED = (
    "same_cause_as_before only applies to a sick report directly after a Wazo leave (sick up "
    "to the day before it and again from the day after it); here the 4-week rule decides "
    "whatever the cause: leave it out"
)


def refuse(index: int | None, event: EventBase, reason: str, expected: str, fld: str) -> NoReturn:
    """Refuse ``event`` (the ``index``-th of the input): which field, what was expected."""
    raise InvalidEventError(
        reason, index=index, event_type=event.type, field=fld, expected=expected
    )


@dataclass
class PeriodJoining:
    """The sick periods of the current chain, the Wazo leaves, and the chain before it."""

    params: ParameterSet
    options: RuleOptions
    periods: list[SickPeriod] = field(default_factory=list)
    interruptions: list[Interruption] = field(default_factory=list)
    leaves: list[LeaveSpan] = field(default_factory=list)
    previous_first_day: dt.date | None = None
    previous_gap_days: int | None = None
    previous_split: Split | None = None

    # -- what the guard reads ---------------------------------------------------------------

    @property
    def first_sick_day(self) -> dt.date | None:
        return self.periods[0].start if self.periods else None

    @property
    def running_since(self) -> dt.date | None:
        """First day of the running sick period; ``None`` while recovered or on leave."""
        if self.periods and self.periods[-1].end is None:
            return self.periods[-1].start
        return None

    @property
    def not_sick_from(self) -> dt.date | None:
        """First day not sick after the latest period, once it ended."""
        end = self.periods[-1].end if self.periods else None
        return None if end is None else end + _DAY

    @property
    def ended_by(self) -> str | None:
        return self.periods[-1].ended_by if self.periods else None

    # -- samentelling: the one place where periods join -------------------------------------

    def _gap(self, start: dt.date) -> tuple[int, int, bool]:
        """(fit days, leave days, across a leave) between the last period and ``start``."""
        not_sick_from = self.not_sick_from
        assert not_sick_from is not None
        leaves = self.leaves if self.options.wazo_leave_neutral else []
        gap = fit_days_between(not_sick_from, start, leaves)
        across = any(s.start < start and s.end >= not_sick_from for s in self.leaves)
        return gap, (start - not_sick_from).days - gap, across

    def bridged_leave(self, start: dt.date) -> LeaveSpan | None:
        """The Wazo leave that a sick report on ``start`` bridges, if any (BW 7:629 lid 10).

        Only a bridge makes the cause matter: the latest period ran up to the day before the
        leave and ``start`` is the day after it ends. With fit days before or after the leave
        the 4-week rule decides, leave days neutral, whatever the cause.
        """
        last = self.periods[-1] if self.periods else None
        if last is None or last.end is None:
            return None  # still sick: no leave lies between
        for span in self.leaves:
            if span.start == last.end + _DAY and span.end + _DAY == start:
                return span
        return None

    def gap_limit(self, on: dt.date) -> int:
        """Fit days from which a new sick report starts a new chain (BW 7:629 lid 10)."""
        return 7 * int(self.params.at("samentelling_gap_weeks", on).value)

    def relapse_refusal(self, event: SickReported) -> str:
        """Why a sick report after a recovery or leave does not continue this chain ("" if it
        does). The WVP guard refuses such a report on the case: it is a new sickness case."""
        not_sick_from = self.not_sick_from
        if not_sick_from is None:
            return ""
        if event.effective < not_sick_from or (
            event.effective == not_sick_from and self.ended_by == "recovered"
        ):
            return (
                f"a relapse must start after the recovery on {not_sick_from.isoformat()}, "
                f"not on {event.effective.isoformat()}"
            )
        span = self.leaves[-1] if self.leaves else None
        if span is not None and span.start >= not_sick_from and event.effective <= span.end:
            return (
                f"{event.effective.isoformat()} is not after the Wazo leave "
                f"{span.start.isoformat()}..{span.end.isoformat()}; a sick "
                f"report after it starts from {(span.end + _DAY).isoformat()}"
            )
        if self.bridged_leave(event.effective) is not None:
            if event.same_cause_as_before is None:
                return _CAUSE_NEEDED
            if event.same_cause_as_before is False:
                return (
                    "sick directly after the Wazo leave with another cause than before it "
                    "(same_cause_as_before = false): this is a new sickness case; open a new case"
                )
            return ""
        gap, _, across = self._gap(event.effective)
        if across and event.same_cause_as_before is not None:
            return _CAUSE_NOT_ASKED
        limit = self.gap_limit(event.effective)
        if gap >= limit:
            leave_fit = across and not self.options.wazo_leave_neutral
            counted = " (Wazo leave days counted as fit days)" if leave_fit else ""
            return (
                f"gap of {gap} days{counted} ≥ {limit}: this is a new sickness case; "
                "open a new case"
            )
        return ""

    def _on_sick_reported(self, index: int | None, event: SickReported) -> None:
        start = event.effective
        for span in self.leaves:
            if span.start <= start <= span.end:
                refuse(
                    index,
                    event,
                    f"{start} falls inside the maternity leave {span.start}..{span.end}",
                    f"a first sick day after the leave (from {span.end + _DAY})",
                    "effective",
                )
        if not self.periods:
            if event.same_cause_as_before is not None:
                refuse(
                    index,
                    event,
                    "same_cause_as_before only applies to a sick report after a Wazo leave",
                    "no same_cause_as_before on the first sick report",
                    "same_cause_as_before",
                )
            self._start_chain(start, None)
            return
        not_sick_from = self.not_sick_from
        if not_sick_from is None:
            refuse(
                index,
                event,
                f"the employee is already sick since {self.periods[-1].start}",
                "a 'recovered' event before a new sick report",
                "effective",
            )
        assert not_sick_from is not None
        if start < not_sick_from:
            refuse(
                index,
                event,
                f"{start} lies inside the earlier sick period",
                f"a date from {not_sick_from}",
                "effective",
            )
        bridged = self.bridged_leave(start)
        self._check_cause(index, event, bridged is not None)
        if bridged is not None:
            # The Wazo bridge: joined by the same cause alone, whatever the leave's length.
            gap, leave_days = 0, (start - not_sick_from).days
            joins = event.same_cause_as_before is True
        else:
            gap, leave_days, _ = self._gap(start)
            joins = gap < self.gap_limit(start)
        if joins:
            self.interruptions.append(
                Interruption(not_sick_from, start, gap, leave_days, bridged is not None)
            )
            self.periods.append(SickPeriod(start))
        else:
            self._start_chain(start, gap, "gap" if bridged is None else "other_cause")

    @staticmethod
    def _check_cause(index: int | None, event: SickReported, bridge: bool) -> None:
        if not bridge and event.same_cause_as_before is not None:
            refuse(
                index,
                event,
                _CAUSE_NOT_ASKED,
                "no same_cause_as_before here (the engine never asks about causes otherwise)",
                "same_cause_as_before",
            )
        if bridge and event.same_cause_as_before is None:
            refuse(
                index,
                event,
                _CAUSE_NEEDED,
                "same_cause_as_before: true or false (the bedrijfsarts' yes/no; never the cause)",
                "same_cause_as_before",
            )

    def _start_chain(self, start: dt.date, gap: int | None, split: Split | None = None) -> None:
        if self.periods:
            self.previous_first_day = self.periods[0].start
            self.previous_gap_days = gap
            self.previous_split = split
        self.periods = [SickPeriod(start)]
        self.interruptions = []
        self._forget_chain_facts()

    def _forget_chain_facts(self) -> None:
        """A new chain begins: drop the facts that belonged to the previous one (the fold's)."""

    # -- periods that end ---------------------------------------------------------------------

    def _close_period(self, end: dt.date, ended_by: str) -> None:
        last = self.periods[-1]
        self.periods[-1] = SickPeriod(last.start, end, ended_by)  # type: ignore[arg-type]

    def _on_recovered(self, index: int | None, event: Recovered) -> None:
        last = self.periods[-1]
        if last.end is not None:
            refuse(
                index,
                event,
                f"the employee is not sick on {event.effective} (the period that started "
                f"{last.start} already ended on {last.end})",
                "at most one recovery per sick report",
                "effective",
            )
        if event.effective <= last.start:
            refuse(
                index,
                event,
                f"recovery on {event.effective} is not after the first sick day {last.start}",
                f"the first fully fit day, after {last.start}",
                "effective",
            )
        self._close_period(event.effective - _DAY, "recovered")

    def _on_leave(self, index: int | None, event: MaternityLeave) -> None:
        span = LeaveSpan(event.effective, event.end)
        if any(s.start <= span.end and span.start <= s.end for s in self.leaves):
            refuse(
                index,
                event,
                "overlaps an earlier maternity leave",
                "non-overlapping leaves",
                "effective",
            )
        last = self.periods[-1]
        if last.end is None:
            if event.effective <= last.start:
                refuse(
                    index,
                    event,
                    f"leave from {event.effective} does not start after the first sick day "
                    f"{last.start}",
                    f"a leave start after {last.start}",
                    "effective",
                )
            self._close_period(event.effective - _DAY, "maternity_leave")
        self.leaves.append(span)
