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
from collections.abc import Callable, Sequence
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
from poortwachter.rules.case_facts import CaseFacts, make_facts
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

    def step(self, event: EventBase, index: int | None = None) -> None:
        """Fold one event, which must come after the folded ones in canonical order."""
        handler = _HANDLERS.get(type(event)) or _handler_for(type(event))
        if handler is not _on_sick_reported and not self.periods:
            refuse(
                index,
                event,
                f"{event.effective} lies before the first sick report",
                "a 'sick_reported' event on or before this date (the first sick day comes first)",
                "effective",
            )
        handler(self, index, event)
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
        return make_facts(
            chain,
            tuple(self.leaves),
            {k: tuple(v) for k, v in self.milestones.items()},
            tuple(self.sanctions),
            self.sanction_shortened_on,
            tuple(self.extensions),
            tuple(self.partial),
            self.wia_letter_on,
            self.casemanager,
            self.closed_on,
            tuple(self.kept),
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
    step = fold.step
    for index, event in sorted_events(events):
        step(event, index)
    return fold.facts()


# -- what each type of event does to the fold --------------------------------------------------
# Looked up once per event class, not per event: the fold runs for every event of every case,
# and a chain of isinstance tests per event was a tenth of the rules' time.

_Handler = Callable[[SicknessFold, "int | None", Any], None]


def _on_partial(fold: SicknessFold, index: int | None, event: WorkPartiallyResumed) -> None:
    fold.partial.append((event.effective, event.percentage))


def _on_sanction(fold: SicknessFold, index: int | None, event: WageSanctionImposed) -> None:
    fold.sanctions.append((event.effective, event.weeks))


def _on_shortened(fold: SicknessFold, index: int | None, event: WageSanctionShortened) -> None:
    if not fold.sanctions:
        refuse(
            index,
            event,
            "no loonsanctie was imposed, so none can be shortened",
            "a 'wage_sanction_imposed' event before it",
            "effective",
        )
    fold.sanction_shortened_on = event.effective


def _on_extended(fold: SicknessFold, index: int | None, event: WaitingPeriodExtended) -> None:
    fold.extensions.append((event.effective, event.weeks))


def _on_wia_letter(fold: SicknessFold, index: int | None, event: UwvWiaLetterReceived) -> None:
    fold.wia_letter_on = event.effective


def _on_casemanager(fold: SicknessFold, index: int | None, event: CasemanagerAssigned) -> None:
    fold.casemanager = event.casemanager


def _on_kept(fold: SicknessFold, index: int | None, event: KeptEvent) -> None:
    fold.kept.append(event)


def _on_milestone(fold: SicknessFold, index: int | None, event: SicknessEvent) -> None:
    fold.milestones.setdefault(event.type, []).append(event.effective)


def _on_closed(fold: SicknessFold, index: int | None, event: CaseClosed) -> None:
    fold.closed_on = event.effective


def _on_reopened(fold: SicknessFold, index: int | None, event: CaseReopened) -> None:
    fold.closed_on = None


def _on_nothing(fold: SicknessFold, index: int | None, event: EventBase) -> None:
    """Events the rules do not read (conversations, notes): folded, nothing kept."""


_on_sick_reported: _Handler = SicknessFold._on_sick_reported
#: Event class -> what it does, filled on first sight of each class by :func:`_handler_for`.
_HANDLERS: dict[type[EventBase], _Handler] = {}


def _handler_for(cls: type[EventBase]) -> _Handler:
    """What an event of ``cls`` does to the fold; the first match in this order decides."""
    handler: _Handler
    if issubclass(cls, SickReported):
        handler = _on_sick_reported
    elif issubclass(cls, Recovered):
        handler = SicknessFold._on_recovered
    elif issubclass(cls, MaternityLeave):
        handler = SicknessFold._on_leave
    elif issubclass(cls, WorkPartiallyResumed):
        handler = _on_partial
    elif issubclass(cls, WageSanctionImposed):
        handler = _on_sanction
    elif issubclass(cls, WageSanctionShortened):
        handler = _on_shortened
    elif issubclass(cls, WaitingPeriodExtended):
        handler = _on_extended
    elif issubclass(cls, UwvWiaLetterReceived):
        handler = _on_wia_letter
    elif issubclass(cls, CasemanagerAssigned):
        handler = _on_casemanager
    elif issubclass(cls, KeptEvent):
        handler = _on_kept
    elif issubclass(cls, SicknessEvent) and cls.milestone:
        handler = _on_milestone
    elif issubclass(cls, CaseClosed):
        handler = _on_closed
    elif issubclass(cls, CaseReopened):
        handler = _on_reopened
    else:
        handler = _on_nothing
    _HANDLERS[cls] = handler
    return handler
