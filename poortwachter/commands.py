"""The Engine's writes: load → decide → append, retried when a concurrent writer got there first.

Kept apart from the facade so the one write path (guards, rules, projections, optimistic
concurrency) reads top to bottom in one place. Every function takes the :class:`Engine` for
its store, rules, clock and projection values; none keeps state of its own.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from poortwachter import arguments as check
from poortwachter.case_reads import status_of
from poortwachter.conversations.medical_terms import MedicalTermFinding
from poortwachter.conversations.policy import check_new_events
from poortwachter.decision import Decision, decide_from_log, decide_from_snapshot
from poortwachter.errors import CaseAlreadyOpenError, ConcurrencyConflictError, InvalidEventError
from poortwachter.events import CasemanagerAssigned, EventBase, SickReported
from poortwachter.privacy import new_case_id
from poortwachter.relapse import reopen_for_relapse
from poortwachter.store import StoredEvent
from poortwachter.views import CaseView, RecordedEvent

if TYPE_CHECKING:
    from poortwachter.engine import Engine

__all__ = ["open_case", "record_checked"]

#: Attempts at an append without ``expected_version`` before a conflict is the caller's.
RETRIES = 10


def open_case(
    engine: Engine,
    employee_ref: str,
    first_sick_day: dt.date,
    casemanager: str | None,
    *,
    actor: str,
    case_id: str | None,
) -> CaseView:
    """See :meth:`poortwachter.Engine.open_case`."""
    ref, first_sick_day, casemanager, actor, case_id = check.opening(
        employee_ref, first_sick_day, casemanager, actor, case_id
    )
    case_id = case_id or new_case_id()
    today = engine.clock.today()
    if first_sick_day > today:
        raise InvalidEventError(
            f"{first_sick_day} lies in the future (today is {today})",
            event_type="sick_reported",
            field="first_sick_day",
            expected="the first day of incapacity, on or before today",
        )
    if engine.store.has_case(case_id):
        raise _case_exists(case_id)
    earlier = engine.store.employee_cases(ref)
    for other, closed, first in earlier:
        if not closed:
            raise CaseAlreadyOpenError(other, first)
    if earlier:
        reopened = reopen_for_relapse(
            engine, earlier[0][0], first_sick_day, casemanager, actor=actor
        )
        if reopened is not None:
            return reopened
    events: list[EventBase] = [SickReported(effective=first_sick_day, employee_ref=ref)]
    if casemanager:
        events.append(CasemanagerAssigned(effective=first_sick_day, casemanager=casemanager))
    decision = decide_from_log(
        case_id, [], events, today=today, employee_ref=ref, rules=engine.rules
    )
    try:
        _append(engine, case_id, events, decision, actor=actor, version=0)
    except ConcurrencyConflictError:
        raise _case_exists(case_id) from None
    return engine.case(case_id)


def record_checked(
    engine: Engine,
    case_id: str,
    events: Sequence[EventBase | Mapping[str, Any]],
    actor: str,
    expected_version: int | None,
) -> tuple[list[RecordedEvent], list[MedicalTermFinding]]:
    """Judge and append ``events`` atomically; with the conversation policy's findings.

    A conflict without ``expected_version`` is retried on the fresh log (jittered backoff),
    judging the events again each time."""
    parsed = check.events(events)
    if not parsed:
        return [], []
    findings = _conversation_findings(engine, case_id, parsed)
    for attempt in range(RETRIES):
        head = engine.store.case_head(case_id)
        if expected_version is not None and expected_version != head.version:
            raise ConcurrencyConflictError(case_id, expected_version, head.version)
        decision = _decide(engine, case_id, head.version, head.snapshot, head.employee_ref, parsed)
        try:
            saved = _append(engine, case_id, parsed, decision, actor=actor, version=head.version)
        except ConcurrencyConflictError:
            if expected_version is not None or attempt == RETRIES - 1:
                raise
            # Back off a little (with jitter) so contending writers stop colliding.
            time.sleep(random.uniform(0, 0.002 * 2**attempt))
            continue
        return [_recorded(s) for s in saved], findings
    raise AssertionError("unreachable")  # pragma: no cover


def _conversation_findings(
    engine: Engine, case_id: str, events: Sequence[EventBase]
) -> list[MedicalTermFinding]:
    """The conversation policy on new events (before the guards judge them)."""
    if not any(e.family == "conversation" for e in events):
        return []
    status, _ = status_of(engine, case_id, None)
    return check_new_events(events, status.conversations, engine.conversation_policy)


def _decide(
    engine: Engine,
    case_id: str,
    version: int,
    snapshot: dict[str, Any] | None,
    employee_ref: str,
    new: Sequence[EventBase],
) -> Decision:
    """One step from the snapshot when the new events come after it, else a refold."""
    today = engine.clock.today()
    decision = decide_from_snapshot(
        case_id,
        snapshot,
        version,
        new,
        today=today,
        employee_ref=employee_ref,
        rules=engine.rules,
    )
    if decision is None:
        stored = [(s.seq, s.event) for s in engine.store.load(case_id)]
        decision = decide_from_log(
            case_id, stored, new, today=today, employee_ref=employee_ref, rules=engine.rules
        )
    return decision


def _append(
    engine: Engine,
    case_id: str,
    events: Sequence[EventBase],
    decision: Decision,
    *,
    actor: str,
    version: int,
) -> list[StoredEvent]:
    return engine.store.append(
        case_id,
        events,
        actor=actor,
        recorded_at=engine.clock.now(),
        expected_version=version,
        projection=decision.projection,
        extra=engine.projection_values(case_id, decision),
    )


def _case_exists(case_id: str) -> InvalidEventError:
    return InvalidEventError(
        f"a case with id '{case_id}' already exists",
        field="case_id",
        expected="a new case id (or leave it out to have one generated)",
    )


def _recorded(saved: StoredEvent) -> RecordedEvent:
    return RecordedEvent(
        case_id=saved.case_id,
        seq=saved.seq,
        type=saved.type,
        effective=saved.effective,
        recorded_at=saved.recorded_at,
        actor=saved.actor,
        payload=saved.payload,
        hash=saved.hash,
    )
