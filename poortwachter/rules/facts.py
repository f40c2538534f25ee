"""Fold a case's events into the facts the deadline rules need, refusing impossible ones.

Events are taken in canonical order (:func:`poortwachter.events.sort_key`), so the order in
which they are listed never matters. Every refusal names the event by its input index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from poortwachter.errors import InvalidEventError
from poortwachter.events import (
    CaseClosed,
    CasemanagerAssigned,
    EventBase,
    MaternityLeave,
    Recovered,
    SickReported,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WaitingPeriodExtended,
    WorkPartiallyResumed,
    sorted_events,
)
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.rules.periods import (
    Interruption,
    LeaveSpan,
    SicknessChain,
    SickPeriod,
    fit_days_between,
)

__all__ = ["MILESTONE_TYPES", "CaseFacts", "derive_facts"]

_DAY = dt.timedelta(days=1)

#: Events that mark a legal moment as done; kept per chain.
MILESTONE_TYPES: tuple[str, ...] = (
    "problem_analysis_completed",
    "plan_of_approach_agreed",
    "plan_evaluated",
    "uwv_sick_report_sent",
    "first_year_evaluation_completed",
    "reintegration_report_completed",
    "wia_applied",
    "spoor2_started",
    "employment_ended",
)


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about the current chain of a case."""

    chain: SicknessChain
    leaves: tuple[LeaveSpan, ...]
    milestones: dict[str, tuple[dt.date, ...]]
    sanctions: tuple[tuple[dt.date, int], ...] = ()
    sanction_shortened_on: dt.date | None = None
    extensions: tuple[tuple[dt.date, int], ...] = ()
    partial_resumptions: tuple[tuple[dt.date, int], ...] = ()
    wia_letter_on: dt.date | None = None
    casemanager: str | None = None
    closed_on: dt.date | None = None

    def first(self, event_type: str, *, on_or_after: dt.date | None = None) -> dt.date | None:
        """Earliest date of a milestone event (optionally not before a date)."""
        for day in self.milestones.get(event_type, ()):
            if on_or_after is None or day >= on_or_after:
                return day
        return None

    def last(self, event_type: str) -> dt.date | None:
        days = self.milestones.get(event_type, ())
        return days[-1] if days else None


@dataclass
class _Builder:
    """Mutable fold state; turned into :class:`CaseFacts` at the end."""

    periods: list[SickPeriod] = field(default_factory=list)
    interruptions: list[Interruption] = field(default_factory=list)
    leaves: list[LeaveSpan] = field(default_factory=list)
    previous_first_day: dt.date | None = None
    previous_gap_days: int | None = None
    milestones: dict[str, list[dt.date]] = field(default_factory=dict)
    sanctions: list[tuple[dt.date, int]] = field(default_factory=list)
    sanction_shortened_on: dt.date | None = None
    extensions: list[tuple[dt.date, int]] = field(default_factory=list)
    partial: list[tuple[dt.date, int]] = field(default_factory=list)
    wia_letter_on: dt.date | None = None
    casemanager: str | None = None
    closed_on: dt.date | None = None

    def start_new_chain(self, start: dt.date, gap: int | None) -> None:
        if self.periods:
            self.previous_first_day = self.periods[0].start
            self.previous_gap_days = gap
        self.periods = [SickPeriod(start)]
        self.interruptions = []
        self.milestones = {}
        self.sanctions = []
        self.sanction_shortened_on = None
        self.extensions = []
        self.partial = []
        self.wia_letter_on = None


def _err(index: int, event: EventBase, reason: str, expected: str, fld: str = "effective") -> None:
    raise InvalidEventError(
        reason, index=index, event_type=event.type, field=fld, expected=expected
    )


def _on_sick_reported(
    b: _Builder,
    index: int,
    event: SickReported,
    params: ParameterSet,
    options: RuleOptions,
) -> None:
    start = event.effective
    for span in b.leaves:
        if span.start <= start <= span.end:
            _err(
                index,
                event,
                f"{start} falls inside the maternity leave {span.start}..{span.end}",
                f"a first sick day after the leave (from {span.end + _DAY})",
            )
    if not b.periods:
        if event.same_cause_as_before is not None:
            _err(
                index,
                event,
                "same_cause_as_before only applies to a sick report after a Wazo leave",
                "no same_cause_as_before on the first sick report",
                fld="same_cause_as_before",
            )
        b.start_new_chain(start, None)
        return
    last = b.periods[-1]
    if last.end is None:
        _err(
            index,
            event,
            f"the employee is already sick since {last.start}",
            "a 'recovered' event before a new sick report",
        )
    assert last.end is not None
    not_sick_from = last.end + _DAY
    if start < not_sick_from:
        _err(
            index,
            event,
            f"{start} lies inside the earlier sick period",
            f"a date from {not_sick_from}",
        )
    leaves = b.leaves if options.wazo_leave_neutral else []
    gap = fit_days_between(not_sick_from, start, leaves)
    leave_days = (start - not_sick_from).days - gap
    across_leave = any(span.start < start and span.end >= not_sick_from for span in b.leaves)
    limit = 7 * params.at("samentelling_gap_weeks", start).value
    if not across_leave and event.same_cause_as_before is not None:
        _err(
            index,
            event,
            "same_cause_as_before only applies to a sick report after a Wazo leave",
            "no same_cause_as_before here (the engine never asks about causes otherwise)",
            fld="same_cause_as_before",
        )
    if across_leave and event.same_cause_as_before is None:
        _err(
            index,
            event,
            "a sick report after a maternity leave must say whether the cause is the same",
            "same_cause_as_before: true or false (the bedrijfsarts' yes/no; never the cause)",
            fld="same_cause_as_before",
        )
    joins = gap < limit and not (across_leave and event.same_cause_as_before is False)
    if joins:
        b.interruptions.append(Interruption(not_sick_from, start, gap, leave_days))
        b.periods.append(SickPeriod(start))
    else:
        b.start_new_chain(start, gap)


def _close_period(b: _Builder, end: dt.date, ended_by: str) -> None:
    last = b.periods[-1]
    b.periods[-1] = SickPeriod(last.start, end, ended_by)  # type: ignore[arg-type]


def _before_first_day(index: int, event: EventBase) -> None:
    _err(
        index,
        event,
        f"{event.effective} lies before the first sick report",
        "a 'sick_reported' event on or before this date (the first sick day comes first)",
    )


def derive_facts(
    events: Sequence[EventBase], params: ParameterSet, options: RuleOptions
) -> CaseFacts:
    """Fold ``events`` (any order) into :class:`CaseFacts` for the current chain."""
    b = _Builder()
    for index, event in sorted_events(events):
        if isinstance(event, SickReported):
            _on_sick_reported(b, index, event, params, options)
            continue
        if not b.periods:
            _before_first_day(index, event)
        last = b.periods[-1]
        if isinstance(event, Recovered):
            if last.end is not None:
                _err(
                    index,
                    event,
                    f"the employee is not sick on {event.effective} (the period that started "
                    f"{last.start} already ended on {last.end})",
                    "at most one recovery per sick report",
                )
            if event.effective <= last.start:
                _err(
                    index,
                    event,
                    f"recovery on {event.effective} is not after the first sick day {last.start}",
                    f"the first fully fit day, after {last.start}",
                )
            _close_period(b, event.effective - _DAY, "recovered")
        elif isinstance(event, MaternityLeave):
            span = LeaveSpan(event.effective, event.end)
            if any(s.start <= span.end and span.start <= s.end for s in b.leaves):
                _err(index, event, "overlaps an earlier maternity leave", "non-overlapping leaves")
            if last.end is None:
                if event.effective <= last.start:
                    _err(
                        index,
                        event,
                        f"leave from {event.effective} does not start after the first sick day "
                        f"{last.start}",
                        f"a leave start after {last.start}",
                    )
                _close_period(b, event.effective - _DAY, "maternity_leave")
            b.leaves.append(span)
        elif isinstance(event, WorkPartiallyResumed):
            b.partial.append((event.effective, event.percentage))
        elif isinstance(event, WageSanctionImposed):
            b.sanctions.append((event.effective, event.weeks))
        elif isinstance(event, WageSanctionShortened):
            if not b.sanctions:
                _err(
                    index,
                    event,
                    "no loonsanctie was imposed, so none can be shortened",
                    "a 'wage_sanction_imposed' event before it",
                )
            b.sanction_shortened_on = event.effective
        elif isinstance(event, WaitingPeriodExtended):
            b.extensions.append((event.effective, event.weeks))
        elif isinstance(event, UwvWiaLetterReceived):
            b.wia_letter_on = event.effective
        elif isinstance(event, CasemanagerAssigned):
            b.casemanager = event.casemanager
        elif event.type in MILESTONE_TYPES:
            b.milestones.setdefault(event.type, []).append(event.effective)
        elif isinstance(event, CaseClosed):
            b.closed_on = event.effective
    if not b.periods:
        raise InvalidEventError(
            "the case has no 'sick_reported' event",
            field="events",
            expected='at least {"type": "sick_reported", "effective": "<first sick day>"}',
        )
    chain = SicknessChain(
        tuple(b.periods),
        tuple(b.interruptions),
        b.previous_first_day,
        b.previous_gap_days,
    )
    return CaseFacts(
        chain=chain,
        leaves=tuple(b.leaves),
        milestones={k: tuple(v) for k, v in b.milestones.items()},
        sanctions=tuple(b.sanctions),
        sanction_shortened_on=b.sanction_shortened_on,
        extensions=tuple(b.extensions),
        partial_resumptions=tuple(b.partial),
        wia_letter_on=b.wia_letter_on,
        casemanager=b.casemanager,
        closed_on=b.closed_on,
    )
