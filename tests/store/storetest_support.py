"""Helpers for the store tests, importable by spawned worker processes (hence not a conftest)."""

from __future__ import annotations

import datetime as dt
import time
import zlib
from typing import Any

import sqlalchemy as sa

from poortwachter.errors import ConcurrencyConflictError
from poortwachter.events import (
    EVENT_TYPES,
    CaseClosed,
    CasemanagerAssigned,
    CaseReopened,
    CompanyDoctorReported,
    CurrentOpinionGiven,
    EmploymentEnded,
    EventBase,
    EventCorrected,
    ExpertOpinionReceived,
    ExpertOpinionRequested,
    FinalEvaluationCompleted,
    FirstYearEvaluationCompleted,
    MaternityLeave,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    ProcessDeviation,
    ProcessDeviationEnded,
    Recovered,
    ReintegrationReportCompleted,
    SafetyNetCase,
    SanctionObjectionFiled,
    SickReported,
    Spoor2Decided,
    Spoor2Started,
    UwvRecoveryReportSent,
    UwvSickReportSent,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WageSanctionShorteningRefused,
    WageSanctionShorteningRequested,
    WaitingPeriodExtended,
    WiaApplied,
    WorkPartiallyResumed,
)
from poortwachter.store import CaseProjection, DeadlineState, EventStore, OpenDeadline
from poortwachter.store.schema import case_deadlines, cases
from tests.conversations.samples import conversation_sample

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
    # Issue 7 (poortwachter.events.process).
    "company_doctor_reported": CompanyDoctorReported(effective=day(2)),
    "safety_net_case": SafetyNetCase(effective=day(0), ground="pregnancy_related"),
    "process_deviation": ProcessDeviation(
        effective=day(41), ground="no_usable_capacity", end=day(90)
    ),
    "process_deviation_ended": ProcessDeviationEnded(effective=day(91)),
    "expert_opinion_requested": ExpertOpinionRequested(effective=day(150), requested_by="employee"),
    "expert_opinion_received": ExpertOpinionReceived(effective=day(170)),
    "spoor2_decided": Spoor2Decided(effective=day(365), outcome="start"),
    "final_evaluation_completed": FinalEvaluationCompleted(effective=day(630)),
    "current_opinion_given": CurrentOpinionGiven(effective=day(600)),
    "sanction_objection_filed": SanctionObjectionFiled(effective=day(720)),
    "wage_sanction_shortening_requested": WageSanctionShorteningRequested(effective=day(730)),
    "wage_sanction_shortening_refused": WageSanctionShorteningRefused(effective=day(750)),
    "uwv_recovery_report_sent": UwvRecoveryReportSent(effective=day(802)),
    "employment_ended": EmploymentEnded(effective=day(800)),
    "recovered": Recovered(effective=day(801)),
    "event_corrected": EventCorrected(
        effective=day(803),
        corrects_seq=6,
        reason="wrong_value",
        replacement={"type": "work_partially_resumed", "effective": "2026-05-05", "percentage": 40},
    ),
    "case_closed": CaseClosed(effective=day(802), reason="employment_ended"),
    "case_reopened": CaseReopened(effective=day(802), reason="relapse"),
}
# One of every conversation event (nested parts, aware times), from their own test samples.
SAMPLES.update(
    (name, conversation_sample(name, day(50)))
    for name, cls in sorted(EVENT_TYPES.items())
    if cls.family == "conversation"
)


#: The kinds of legal action (``DeadlineKind`` values; the store does not import the rules).
KINDS = (
    "problem_analysis",
    "plan_of_approach",
    "plan_evaluation",
    "uwv_sick_report",
    "first_year_evaluation",
    "reintegration_report",
    "wia_application",
)


def deadline(kind: str, due: dt.date, status: DeadlineState = "upcoming") -> OpenDeadline:
    return OpenDeadline(kind=kind, due=due, status=status)


def projection(**changes: Any) -> CaseProjection:
    """A projection with two open actions (the first also as ``next_deadline_*``)."""
    values: dict[str, Any] = {
        "employee_ref": "emp-1",
        "state": "sick",
        "casemanager": "cm-a",
        "first_sick_day": DAY0,
        "next_deadline_due": day(42),
        "next_deadline_kind": "problem_analysis",
        "closed": False,
        "open_deadlines": (
            deadline("problem_analysis", day(42)),
            deadline("uwv_sick_report", day(290)),
        ),
    }
    values.update(changes)
    return CaseProjection(**values)


def deadlines_for(tag: str) -> tuple[OpenDeadline, ...]:
    """A different, reproducible set of open actions per ``tag`` (0 to 7 of them)."""
    bits = zlib.crc32(tag.encode())
    statuses: tuple[DeadlineState, ...] = ("upcoming", "due", "missed")
    return tuple(
        deadline(kind, day(bits % 97 + 11 * i), statuses[(bits >> 8) % 3])
        for i, kind in enumerate(KINDS)
        if bits >> (i + 12) & 1
    )


def tagged_projection(tag: str) -> CaseProjection:
    """A projection that says which write it came from: ``state`` is ``tag``."""
    return projection(state=tag, casemanager=f"cm-{tag}", open_deadlines=deadlines_for(tag))


def stored_deadlines(store: EventStore, case_id: str | None = None) -> list[tuple[Any, ...]]:
    """The raw ``case_deadlines`` rows (all columns), in (case_id, due, kind) order."""
    table = case_deadlines
    query = sa.select(table).order_by(table.c.case_id, table.c.due, table.c.kind)
    if case_id is not None:
        query = query.where(table.c.case_id == case_id)
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def assert_deadlines_consistent(store: EventStore) -> None:
    """Every ``case_deadlines`` row's copies of ``cases`` columns match its case row."""
    d, c = case_deadlines.c, cases.c
    copies = ("employee_ref", "state", "casemanager", "closed")
    query = (
        sa.select(d.case_id, d.kind)
        .join_from(case_deadlines, cases, d.case_id == c.case_id, isouter=True)
        .where(
            sa.or_(
                c.case_id.is_(None),
                *(d[name] != c[name] for name in copies if name != "casemanager"),
                sa.not_(d.casemanager.is_not_distinct_from(c.casemanager)),
            )
        )
    )
    with store.engine.connect() as conn:
        assert conn.execute(query).all() == []


def assert_tagged(store: EventStore, case_id: str) -> None:
    """The case's deadlines are exactly those of the write that left its ``state``."""
    row = store.case_row(case_id)
    untagged = row.state == projection().state  # only the untagged first append so far
    assert row.open_deadlines == (
        projection().open_deadlines if untagged else deadlines_for(row.state)
    )
    assert [r[1:4] for r in stored_deadlines(store, case_id)] == [
        (d.kind, d.due, d.status) for d in row.open_deadlines
    ]
    assert_deadlines_consistent(store)


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
                    projection=tagged_projection(f"{actor}-{i}"),
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


#: What a doomed writer stores: every open action differs from ``projection()``'s (one moved
#: and missed, one gone, two new) and so do the copied case columns.
DOOMED = projection(
    state="doomed",
    casemanager="cm-doomed",
    closed=True,
    open_deadlines=(
        deadline("problem_analysis", day(43), "missed"),
        deadline("first_year_evaluation", day(360)),
        deadline("wia_application", day(620)),
    ),
)


def doomed_batch_worker(
    url: str,
    case_id: str,
    expected_version: int | None,
    size: int,
    inside: Any,
    hang_at: str | None,
) -> None:
    """Append ``size`` events in one call; get killed by the parent while doing it.

    With ``hang_at`` (a statement prefix such as ``"INSERT INTO events"``), stop dead right after
    the first such statement ran (inside the transaction, before the commit) and tell the parent;
    otherwise just tell the parent that the append is about to start.
    """
    store = EventStore.open(url)
    if hang_at is not None:
        prefix = hang_at.upper()

        def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if statement.lstrip().upper().startswith(prefix):
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
        projection=DOOMED,
    )
