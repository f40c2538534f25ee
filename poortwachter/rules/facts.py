"""The one sickness fold: a case's events, in canonical order, become the facts the rules need.

This is the only place where sick periods join (samentelling, the Wazo bridge, partial work);
the cause is asked only where it changes the result (:meth:`SicknessFold.bridged_leave`);
the WVP guard asks this fold whether a relapse joins instead of deciding again. The fold is
incremental — :meth:`SicknessFold.step` takes one event in canonical order — and serialisable
(:meth:`SicknessFold.to_json`), so the engine can keep it as a per-case snapshot and fold a new
event in one step instead of replaying the whole log. Every refusal names the event by index.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from poortwachter.errors import InvalidEventError
from poortwachter.events import (
    CaseClosed,
    CasemanagerAssigned,
    CaseReopened,
    EventBase,
    KeptEvent,
    MaternityLeave,
    Recovered,
    SicknessEvent,
    SickReported,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WaitingPeriodExtended,
    WorkPartiallyResumed,
    sorted_events,
    trusted_event,
)
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.rules.periods import (
    Interruption,
    LeaveSpan,
    SicknessChain,
    SickPeriod,
    Split,
    fit_days_between,
)

__all__ = ["CaseFacts", "SicknessFold", "derive_facts"]

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
    #: Events whose payload the rules read (``KeptEvent``: vangnet, art. 5 deviations).
    kept: tuple[EventBase, ...] = ()

    def first(self, event_type: str, *, on_or_after: dt.date | None = None) -> dt.date | None:
        """Earliest date of a milestone event (optionally not before a date)."""
        for day in self.milestones.get(event_type, ()):
            if on_or_after is None or day >= on_or_after:
                return day
        return None

    def last(self, event_type: str) -> dt.date | None:
        days = self.milestones.get(event_type, ())
        return days[-1] if days else None


def _err(index: int | None, event: EventBase, reason: str, expected: str, fld: str) -> None:
    raise InvalidEventError(
        reason, index=index, event_type=event.type, field=fld, expected=expected
    )


@dataclass
class SicknessFold:
    """The mutable state of the fold; :meth:`facts` turns it into :class:`CaseFacts`."""

    params: ParameterSet
    options: RuleOptions
    periods: list[SickPeriod] = field(default_factory=list)
    interruptions: list[Interruption] = field(default_factory=list)
    leaves: list[LeaveSpan] = field(default_factory=list)
    previous_first_day: dt.date | None = None
    previous_gap_days: int | None = None
    previous_split: Split | None = None
    milestones: dict[str, list[dt.date]] = field(default_factory=dict)
    sanctions: list[tuple[dt.date, int]] = field(default_factory=list)
    sanction_shortened_on: dt.date | None = None
    extensions: list[tuple[dt.date, int]] = field(default_factory=list)
    partial: list[tuple[dt.date, int]] = field(default_factory=list)
    wia_letter_on: dt.date | None = None
    casemanager: str | None = None
    closed_on: dt.date | None = None
    kept: list[EventBase] = field(default_factory=list)
    #: The latest effective date folded (a late entry does not move it back).
    last_effective: dt.date | None = None

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

    def copy(self) -> SicknessFold:
        """An independent copy (the parameters and options are shared: they are frozen)."""
        clone = copy.copy(self)
        lists = ("periods", "interruptions", "leaves", "sanctions", "extensions", "partial", "kept")
        for name in lists:
            setattr(clone, name, list(getattr(self, name)))
        clone.milestones = {k: list(v) for k, v in self.milestones.items()}
        return clone

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
                _err(
                    index,
                    event,
                    f"{start} falls inside the maternity leave {span.start}..{span.end}",
                    f"a first sick day after the leave (from {span.end + _DAY})",
                    "effective",
                )
        if not self.periods:
            if event.same_cause_as_before is not None:
                _err(
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
            _err(
                index,
                event,
                f"the employee is already sick since {self.periods[-1].start}",
                "a 'recovered' event before a new sick report",
                "effective",
            )
        assert not_sick_from is not None
        if start < not_sick_from:
            _err(
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
            _err(
                index,
                event,
                _CAUSE_NOT_ASKED,
                "no same_cause_as_before here (the engine never asks about causes otherwise)",
                "same_cause_as_before",
            )
        if bridge and event.same_cause_as_before is None:
            _err(
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
        self.milestones = {}
        self.sanctions = []
        self.sanction_shortened_on = None
        self.extensions = []
        self.partial = []
        self.wia_letter_on = None
        self.kept = []

    # -- the other facts --------------------------------------------------------------------

    def _close_period(self, end: dt.date, ended_by: str) -> None:
        last = self.periods[-1]
        self.periods[-1] = SickPeriod(last.start, end, ended_by)  # type: ignore[arg-type]

    def _on_recovered(self, index: int | None, event: Recovered) -> None:
        last = self.periods[-1]
        if last.end is not None:
            _err(
                index,
                event,
                f"the employee is not sick on {event.effective} (the period that started "
                f"{last.start} already ended on {last.end})",
                "at most one recovery per sick report",
                "effective",
            )
        if event.effective <= last.start:
            _err(
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
            _err(
                index,
                event,
                "overlaps an earlier maternity leave",
                "non-overlapping leaves",
                "effective",
            )
        last = self.periods[-1]
        if last.end is None:
            if event.effective <= last.start:
                _err(
                    index,
                    event,
                    f"leave from {event.effective} does not start after the first sick day "
                    f"{last.start}",
                    f"a leave start after {last.start}",
                    "effective",
                )
            self._close_period(event.effective - _DAY, "maternity_leave")
        self.leaves.append(span)

    def _on_other(self, index: int | None, event: EventBase) -> None:
        if isinstance(event, WorkPartiallyResumed):
            self.partial.append((event.effective, event.percentage))
        elif isinstance(event, WageSanctionImposed):
            self.sanctions.append((event.effective, event.weeks))
        elif isinstance(event, WageSanctionShortened):
            if not self.sanctions:
                _err(
                    index,
                    event,
                    "no loonsanctie was imposed, so none can be shortened",
                    "a 'wage_sanction_imposed' event before it",
                    "effective",
                )
            self.sanction_shortened_on = event.effective
        elif isinstance(event, WaitingPeriodExtended):
            self.extensions.append((event.effective, event.weeks))
        elif isinstance(event, UwvWiaLetterReceived):
            self.wia_letter_on = event.effective
        elif isinstance(event, CasemanagerAssigned):
            self.casemanager = event.casemanager
        elif isinstance(event, KeptEvent):
            self.kept.append(event)
        elif isinstance(event, SicknessEvent) and event.milestone:
            self.milestones.setdefault(event.type, []).append(event.effective)
        elif isinstance(event, CaseClosed):
            self.closed_on = event.effective
        elif isinstance(event, CaseReopened):
            self.closed_on = None

    def step(self, event: EventBase, index: int | None = None) -> None:
        """Fold one event, which must come after the folded ones in canonical order."""
        if isinstance(event, SickReported):
            self._on_sick_reported(index, event)
        elif not self.periods:
            _err(
                index,
                event,
                f"{event.effective} lies before the first sick report",
                "a 'sick_reported' event on or before this date (the first sick day comes first)",
                "effective",
            )
        elif isinstance(event, Recovered):
            self._on_recovered(index, event)
        elif isinstance(event, MaternityLeave):
            self._on_leave(index, event)
        else:
            self._on_other(index, event)
        # Only once the event is folded: a refused event leaves the fold as it was.
        if self.last_effective is None or event.effective > self.last_effective:
            self.last_effective = event.effective

    def facts(self) -> CaseFacts:
        """The facts of the current chain."""
        if not self.periods:
            raise InvalidEventError(
                "the case has no 'sick_reported' event",
                field="events",
                expected='at least {"type": "sick_reported", "effective": "<first sick day>"}',
            )
        chain = SicknessChain(
            tuple(self.periods),
            tuple(self.interruptions),
            self.previous_first_day,
            self.previous_gap_days,
            self.previous_split,
        )
        return CaseFacts(
            chain=chain,
            leaves=tuple(self.leaves),
            milestones={k: tuple(v) for k, v in self.milestones.items()},
            sanctions=tuple(self.sanctions),
            sanction_shortened_on=self.sanction_shortened_on,
            extensions=tuple(self.extensions),
            partial_resumptions=tuple(self.partial),
            wia_letter_on=self.wia_letter_on,
            casemanager=self.casemanager,
            closed_on=self.closed_on,
            kept=tuple(self.kept),
        )

    # -- snapshot ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The fold's state as JSON (dates as ISO strings), for the per-case snapshot."""
        return _to_json(self)

    @classmethod
    def from_json(
        cls, data: dict[str, Any], params: ParameterSet, options: RuleOptions
    ) -> SicknessFold:
        """Restore a fold saved by :meth:`to_json` under the same parameters and options."""
        return _from_json(cls(params, options), data)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _to_json(f: SicknessFold) -> dict[str, Any]:
    return {
        "periods": [[p.start.isoformat(), _iso(p.end), p.ended_by] for p in f.periods],
        "interruptions": [
            [i.fit_from.isoformat(), i.resumed_on.isoformat(), i.fit_days, i.leave_days, i.bridge]
            for i in f.interruptions
        ],
        "leaves": [[s.start.isoformat(), s.end.isoformat()] for s in f.leaves],
        "previous": [_iso(f.previous_first_day), f.previous_gap_days, f.previous_split],
        "milestones": {k: [d.isoformat() for d in v] for k, v in f.milestones.items()},
        "sanctions": [[d.isoformat(), w] for d, w in f.sanctions],
        "sanction_shortened_on": _iso(f.sanction_shortened_on),
        "extensions": [[d.isoformat(), w] for d, w in f.extensions],
        "partial": [[d.isoformat(), p] for d, p in f.partial],
        "wia_letter_on": _iso(f.wia_letter_on),
        "casemanager": f.casemanager,
        "closed_on": _iso(f.closed_on),
        "last_effective": _iso(f.last_effective),
        "kept": [e.payload() for e in f.kept],
    }


def _from_json(f: SicknessFold, d: dict[str, Any]) -> SicknessFold:
    iso = dt.date.fromisoformat
    f.periods = [SickPeriod(iso(s), _day(e), by) for s, e, by in d["periods"]]
    # Snapshots from before the Wazo bridge was recorded have 4 fields per interruption and 2
    # in "previous"; they read as joined by the 4-week rule, split by a gap.
    f.interruptions = [
        Interruption(iso(i[0]), iso(i[1]), i[2], i[3], bool(i[4]) if len(i) > 4 else False)
        for i in d["interruptions"]
    ]
    f.leaves = [LeaveSpan(iso(a), iso(b)) for a, b in d["leaves"]]
    previous = d["previous"]
    f.previous_first_day, f.previous_gap_days = _day(previous[0]), previous[1]
    saved = previous[2] if len(previous) > 2 else None
    split: Split | None = "other_cause" if saved == "other_cause" else "gap"
    f.previous_split = None if previous[0] is None else split
    f.milestones = {k: [iso(x) for x in v] for k, v in d["milestones"].items()}
    f.sanctions = [(iso(a), w) for a, w in d["sanctions"]]
    f.sanction_shortened_on = _day(d["sanction_shortened_on"])
    f.extensions = [(iso(a), w) for a, w in d["extensions"]]
    f.partial = [(iso(a), p) for a, p in d["partial"]]
    f.wia_letter_on = _day(d["wia_letter_on"])
    f.casemanager = d["casemanager"]
    f.closed_on = _day(d["closed_on"])
    f.last_effective = _day(d["last_effective"])
    f.kept = [trusted_event(p) for p in d.get("kept", ())]
    return f


def derive_facts(
    events: Sequence[EventBase], params: ParameterSet, options: RuleOptions
) -> CaseFacts:
    """Fold ``events`` (any order) into :class:`CaseFacts` for the current chain."""
    fold = SicknessFold(params, options)
    for index, event in sorted_events(events):
        fold.step(event, index)
    return fold.facts()
