"""Verify and rebuild: every projection a user is shown, recomputed from the hashed log.

The chain protects the events; everything else (the ``cases`` row that ``case show`` reads,
the ``case_deadlines`` rows of the agenda, the decision snapshot, every projection hook's table)
is derived. :func:`verify_cases` walks each chain and, for a case whose chain is intact,
recomputes each projection exactly as the case's last append computed it (the same fold, the
same rules, the same day), then reports every stored value that differs. :func:`rebuild_cases`
writes the recomputed values back, for cases whose chain is intact only: rebuilding from a
broken log would launder the break. A rebuild also fills the window starts that revision 0006
left empty (not a finding: the agenda computes them meanwhile).

The employee comes from the log too: the report that opens a case carries its
``employee_ref``. Cases opened before that field existed have no employee in their log; for
them the stored reference is taken as it is (the chain cannot vouch for it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from poortwachter.decision import Decision, Rules, recompute
from poortwachter.errors import ConcurrencyConflictError, InvalidEventError
from poortwachter.replay import local_day
from poortwachter.store import EventStore, IntegrityIssue
from poortwachter.store.integrity import CaseAudit
from poortwachter.store.projection_check import ExpectedProjection, diff, unfilled_window_starts

__all__ = ["RebuildReport", "rebuild_cases", "verify_cases"]

_RETRIES = 5

#: The value of every projection hook after a decision (``Engine.projection_values``): the
#: same function serves the append, verify and rebuild, so they cannot disagree.
ProjectionValues = Callable[[str, Decision], dict[str, Any]]


def _extras_only(case_id: str, decision: Decision) -> dict[str, Any]:
    return decision.extras()


@dataclass
class RebuildReport:
    """What a rebuild did: the cases rewritten, and those left alone because of a finding."""

    rebuilt: list[str] = field(default_factory=list)
    refused: list[IntegrityIssue] = field(default_factory=list)
    checked: int = 0


def _employee(audit: CaseAudit) -> str | None:
    """The employee the log names (on its opening report), else the stored one (legacy)."""
    events = audit.log.events if audit.log is not None else []
    if events and events[0].type == "sick_reported":
        named = events[0].payload.get("employee_ref")
        if isinstance(named, str) and named:
            return named
    stored = audit.stored.case
    return stored.get("employee_ref") if stored is not None else None


def expected_projection(
    audit: CaseAudit,
    rules: Rules,
    *,
    day_before: bool = False,
    values: ProjectionValues = _extras_only,
) -> ExpectedProjection:
    """Every projection of the case as its last append wrote it, from the log alone.

    The engine decides on its clock's day and stamps ``recorded_at`` a moment later; across
    midnight that day is the one before the stamp's (``day_before``). Raises
    :class:`InvalidEventError` when the log cannot be folded.
    """
    events = audit.log.events if audit.log is not None else []
    if not events:
        raise InvalidEventError("the case has no events", field="events", expected="its log")
    employee = _employee(audit)
    if employee is None:
        raise InvalidEventError(
            "neither the log nor a cases row names the employee",
            field="employee_ref",
            expected="a case opened with an employee reference",
        )
    first, last = events[0], events[-1]
    decision = recompute(
        audit.case_id,
        [(e.seq, e.event) for e in events],
        today=local_day(last.recorded_at) - dt.timedelta(days=1 if day_before else 0),
        employee_ref=employee,
        rules=rules,
    )
    return ExpectedProjection(
        projection=decision.projection,
        version=last.seq,
        head_hash=last.hash,
        opened_at=first.recorded_at,
        updated_at=last.recorded_at,
        extras=values(audit.case_id, decision),
    )


def _findings(
    audit: CaseAudit, store: EventStore, rules: Rules, values: ProjectionValues
) -> tuple[list[IntegrityIssue], ExpectedProjection | None]:
    if audit.chain is not None and audit.chain.kind != "orphan_events":
        return [audit.chain], None
    orphan = [audit.chain] if audit.chain is not None else []
    try:
        expected = expected_projection(audit, rules, values=values)
    except InvalidEventError as exc:
        issue = IntegrityIssue(
            case_id=audit.case_id,
            seq=None,
            kind="unreadable_row",
            projection="events",
            detail=f"the log cannot be folded: {exc}",
        )
        return [*orphan, issue], None
    found = diff(audit.case_id, expected, audit.stored, store.hooks)
    if found and not any(issue.kind == "unreadable_row" for issue in found):
        # An append that straddled midnight decided on the day before its stamp.
        before = expected_projection(audit, rules, day_before=True, values=values)
        if not diff(audit.case_id, before, audit.stored, store.hooks):
            return orphan, before
    return [*orphan, *found], expected


def verify_cases(
    store: EventStore,
    rules: Rules,
    case_id: str | None,
    values: ProjectionValues = _extras_only,
) -> list[IntegrityIssue]:
    """Every finding, by case id: broken chains, and projections that differ from the log."""
    issues: list[IntegrityIssue] = []
    for audit in store.audit(case_id):
        found, _ = _findings(audit, store, rules, values)
        issues.extend(found)
    issues.sort(key=lambda issue: issue.case_id)  # stable: a case's findings keep their order
    return issues


def rebuild_cases(
    store: EventStore,
    rules: Rules,
    case_id: str | None,
    values: ProjectionValues = _extras_only,
) -> RebuildReport:
    """Rewrite the projections of every case (or one) whose chain is intact and whose stored
    projections differ from its log; cases with a broken chain are listed, not touched."""
    report = RebuildReport()
    todo: list[str] = []
    for audit in store.audit(case_id):
        report.checked += 1
        found, expected = _findings(audit, store, rules, values)
        if expected is None:
            report.refused.extend(found)
        elif found or unfilled_window_starts(expected, audit.stored):
            todo.append(audit.case_id)
    for cid in todo:  # after the read: the audit holds its connection while it runs
        if _rebuild_one(store, rules, cid, values):
            report.rebuilt.append(cid)
    return report


def _rebuild_one(store: EventStore, rules: Rules, case_id: str, values: ProjectionValues) -> bool:
    for _ in range(_RETRIES):
        # Read to the end, so the audit's connection is given back before the write.
        [audit] = list(store.audit(case_id))
        found, expected = _findings(audit, store, rules, values)
        if expected is None or not (found or unfilled_window_starts(expected, audit.stored)):
            return False
        try:
            store.rewrite_projections(case_id, expected)
        except ConcurrencyConflictError:
            continue  # an append moved the case on: recompute from the longer log
        return True
    return False
