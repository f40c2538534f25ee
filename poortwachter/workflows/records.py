"""The guard of the record-keeping family: casemanager, closing, reopening, corrections.

These events are about the dossier, not the sickness, so they need no WVP stage: a casemanager
can be (re)assigned and a case closed whenever the case is open, and a correction is taken even
by a closed case, because a wrong closing date must stay fixable. A correction's effect is not a
transition: the engine refolds the log with the correction resolved, and that fold must pass the
guards again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from poortwachter.events import EventBase
from poortwachter.workflows.states import CaseState

__all__ = ["allowed", "refusal"]

_OPEN = frozenset(CaseState) - {CaseState.NEW, CaseState.CLOSED}

#: Event type -> the states in which it may be recorded.
_ALLOWED_IN: Mapping[str, frozenset[CaseState]] = {
    "casemanager_assigned": _OPEN,
    "case_closed": _OPEN,
    "event_corrected": frozenset(CaseState) - {CaseState.NEW},
    # Only a closed case can be reopened (a relapse within the window continues its chain).
    "case_reopened": frozenset({CaseState.CLOSED}),
}


def allowed(state: CaseState) -> list[str]:
    """The record-keeping event types allowed in ``state``."""
    return [name for name, states in _ALLOWED_IN.items() if state in states]


def refusal(state: CaseState, event: EventBase, closed_on: dt.date | None = None) -> str:
    """Why ``event`` cannot be recorded in ``state`` ("" when it can)."""
    states = _ALLOWED_IN.get(event.type)
    if states is None:
        return f"{event.type!r} is not a record-keeping event"
    if state in states:
        if event.type == "case_reopened" and closed_on is not None and event.effective < closed_on:
            return (
                f"a reopening undoes the closing of {closed_on.isoformat()}: its date is that "
                f"day or later, not {event.effective.isoformat()}"
            )
        return ""
    if event.type == "case_reopened":
        return "only a closed case can be reopened; this case is open"
    if state is CaseState.NEW:
        return "nothing can be recorded before the sick report: the first must be sick_reported"
    closed = closed_on.isoformat() if closed_on else "?"
    return f"the case was closed on {closed}; a new sickness needs a new case"
