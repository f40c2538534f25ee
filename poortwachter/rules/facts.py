"""The one sickness fold: a case's events, in canonical order, become the facts the rules need.

Sick periods join in :class:`~poortwachter.rules.period_joining.PeriodJoining`, the half of the
fold this one builds on; here the other facts (milestones, loonsancties, extensions, the UWV
letter, kept events, closing) are gathered for the current chain. The fold is incremental —
:meth:`SicknessFold.step` takes one event in canonical order — and serialisable
(:meth:`SicknessFold.to_json`, :mod:`poortwachter.rules.fold_snapshot`), so the engine can keep
it as a per-case snapshot and fold a new event in one step instead of replaying the whole log.
Every refusal names the event by index.
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
)
from poortwachter.rules.case_facts import CaseFacts
from poortwachter.rules.fold_snapshot import fold_from_json, fold_to_json
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.rules.period_joining import PeriodJoining, refuse
from poortwachter.rules.periods import SicknessChain

__all__ = ["CaseFacts", "SicknessFold", "derive_facts"]


@dataclass
class SicknessFold(PeriodJoining):
    """The mutable state of the fold; :meth:`facts` turns it into :class:`CaseFacts`."""

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

    def copy(self) -> SicknessFold:
        """An independent copy (the parameters and options are shared: they are frozen)."""
        clone = copy.copy(self)
        lists = ("periods", "interruptions", "leaves", "sanctions", "extensions", "partial", "kept")
        for name in lists:
            setattr(clone, name, list(getattr(self, name)))
        clone.milestones = {k: list(v) for k, v in self.milestones.items()}
        return clone

    def _forget_chain_facts(self) -> None:
        self.milestones = {}
        self.sanctions = []
        self.sanction_shortened_on = None
        self.extensions = []
        self.partial = []
        self.wia_letter_on = None
        self.kept = []

    # -- the other facts --------------------------------------------------------------------

    def _on_other(self, index: int | None, event: EventBase) -> None:
        if isinstance(event, WorkPartiallyResumed):
            self.partial.append((event.effective, event.percentage))
        elif isinstance(event, WageSanctionImposed):
            self.sanctions.append((event.effective, event.weeks))
        elif isinstance(event, WageSanctionShortened):
            if not self.sanctions:
                refuse(
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
            refuse(
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
        return fold_to_json(self)

    @classmethod
    def from_json(
        cls, data: dict[str, Any], params: ParameterSet, options: RuleOptions
    ) -> SicknessFold:
        """Restore a fold saved by :meth:`to_json` under the same parameters and options."""
        return fold_from_json(cls(params, options), data)


def derive_facts(
    events: Sequence[EventBase], params: ParameterSet, options: RuleOptions
) -> CaseFacts:
    """Fold ``events`` (any order) into :class:`CaseFacts` for the current chain."""
    fold = SicknessFold(params, options)
    for index, event in sorted_events(events):
        fold.step(event, index)
    return fold.facts()
