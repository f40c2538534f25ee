"""Helpers for the store tests, importable by spawned worker processes (hence not a conftest)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import sqlalchemy as sa

from poortwachter.errors import ConcurrencyConflictError
from poortwachter.events import (
    CaseClosed,
    CasemanagerAssigned,
    EmploymentEnded,
    EventBase,
    EventCorrected,
    FirstYearEvaluationCompleted,
    MaternityLeave,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    Recovered,
    ReintegrationReportCompleted,
    SickReported,
    Spoor2Started,
    UwvSickReportSent,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WaitingPeriodExtended,
    WiaApplied,
    WorkPartiallyResumed,
)
from poortwachter.store import CaseProjection, EventStore

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
DAY0 = dt.date(2026, 1, 5)


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


#: One instance of every event type, with every optional field set where there is one.
SAMPLES: dict[str, EventBase] = {
    "sick_reported": SickReported(effective=day(0), same_cause_as_before=True),
    "casemanager_assigned": CasemanagerAssigned(effective=day(0), casemanager="Zoë Çelik"),
    "problem_analysis_completed": ProblemAnalysisCompleted(effective=day(40)),
    "plan_of_approach_agreed": PlanOfApproachAgreed(effective=day(55)),
    "plan_evaluated": PlanEvaluated(effective=day(100)),
    "work_partially_resumed": WorkPartiallyResumed(effective=day(120), percentage=50),
    "maternity_leave": MaternityLeave(effective=day(130), end=day(230)),
    "uwv_sick_report_sent": UwvSickReportSent(effective=day(290)),
    "first_year_evaluation_completed": FirstYearEvaluationCompleted(effective=day(360)),
    "spoor2_started": Spoor2Started(effective=day(370)),
    "uwv_wia_letter_received": UwvWiaLetterReceived(effective=day(600)),
    "reintegration_report_completed": ReintegrationReportCompleted(effective=day(610)),
    "wia_applied": WiaApplied(effective=day(620)),
    "waiting_period_extended": WaitingPeriodExtended(effective=day(700), weeks=26),
    "wage_sanction_imposed": WageSanctionImposed(effective=day(710), weeks=52),
    "wage_sanction_shortened": WageSanctionShortened(effective=day(760)),
    "employment_ended": EmploymentEnded(effective=day(800)),
    "recovered": Recovered(effective=day(801)),
    "event_corrected": EventCorrected(
        effective=day(803),
        corrects_seq=6,
        reason="typo in the percentage",
        replacement={"type": "work_partially_resumed", "effective": "2026-05-05", "percentage": 40},
    ),
    "case_closed": CaseClosed(effective=day(802), reason="employment_ended"),
}


def projection(**changes: Any) -> CaseProjection:
    values: dict[str, Any] = {
        "employee_ref": "emp-1",
        "state": "sick",
        "casemanager": "cm-a",
        "first_sick_day": DAY0,
        "next_deadline_due": day(42),
        "next_deadline_kind": "problem_analysis",
        "closed": False,
    }
    values.update(changes)
    return CaseProjection(**values)


def filler(i: int) -> EventBase:
    """A cheap, valid event that differs per ``i`` (for bulk appends)."""
    return PlanEvaluated(effective=day(i % 700))


def append_with_retry(
    store: EventStore, case_id: str, count: int, actor: str, *, first_barrier: Any = None
) -> int:
    """Append ``count`` single-event commands, retrying on conflict; return the conflicts."""
    conflicts = 0
    first = True
    for i in range(count):
        while True:
            version = store.version(case_id)
            if first and first_barrier is not None:
                first_barrier.wait()  # everybody read the same version: a guaranteed pile-up
            first = False
            try:
                store.append(
                    case_id,
                    [filler(i)],
                    actor=actor,
                    recorded_at=T0 + dt.timedelta(seconds=version + 1),
                    expected_version=version,
                    projection=projection(state=f"{actor}-{i}"),
                )
                break
            except ConcurrencyConflictError as exc:
                if not exc.expected_version == version < exc.actual_version:
                    raise AssertionError(f"implausible conflict {exc}") from exc
                conflicts += 1
    return conflicts


# -- worker processes (spawned) -------------------------------------------------------------------


def append_worker(url: str, case_id: str, count: int, actor: str, start: Any, out: Any) -> None:
    store = EventStore.open(url)
    try:
        start.wait()
        out.put((actor, append_with_retry(store, case_id, count, actor)))
    finally:
        store.close()


def upgrade_worker(url: str, start: Any, out: Any) -> None:
    store = EventStore.open(url)
    try:
        start.wait()
        store.upgrade()
        out.put(store.current_revision())
    finally:
        store.close()


def doomed_batch_worker(
    url: str, case_id: str, expected_version: int, size: int, inside: Any, hang: bool
) -> None:
    """Append ``size`` events in one call; get killed by the parent while doing it.

    With ``hang``, stop dead right after the first chunk of events was inserted (inside the
    transaction, before the commit) and tell the parent; otherwise just tell the parent that the
    append is about to start.
    """
    store = EventStore.open(url)
    if hang:

        def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if statement.lstrip().upper().startswith("INSERT INTO EVENTS"):
                inside.set()
                while True:
                    time.sleep(60)

        sa.event.listen(store.engine, "after_cursor_execute", after)
    else:
        inside.set()
    store.append(
        case_id,
        [filler(i) for i in range(size)],
        actor="doomed",
        recorded_at=T0 + dt.timedelta(days=1),
        expected_version=expected_version,
        projection=projection(state="doomed", casemanager="cm-doomed", closed=True),
    )
