"""Edge cases found in review, as worked examples with concrete dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from poortwachter.events import parse_events
from poortwachter.rules import Deadline, DeadlineKind, DeadlineStatus, compute_deadlines

D = dt.date
K = DeadlineKind
S = DeadlineStatus


def deadlines(events: list[dict[str, Any]], as_of: D) -> dict[DeadlineKind, Deadline]:
    return {d.kind: d for d in compute_deadlines(parse_events(events), as_of=as_of)}


def test_plan_of_approach_two_weeks_after_the_analysis_count_sick_days_only() -> None:
    # wvp-timeline §5 E9 with the probleemanalyse on Wed 2026-04-08 (sick day 38), before the
    # recovery of Mon 2026-04-13. 14 more sick days: 4 in period 1, then 10 from the relapse on
    # Mon 2026-05-04 -> Wed 2026-05-13 (the end of week 8, day 56, is Sun 2026-05-17).
    events = [
        {"type": "sick_reported", "effective": "2026-03-02"},
        {"type": "problem_analysis_completed", "effective": "2026-04-08"},
        {"type": "recovered", "effective": "2026-04-13"},
        {"type": "sick_reported", "effective": "2026-05-04"},
        {"type": "plan_of_approach_agreed", "effective": "2026-05-12"},
    ]
    plan = deadlines(events, D(2026, 5, 12))[K.PLAN_OF_APPROACH]
    assert (plan.due, plan.status, plan.met_on) == (D(2026, 5, 13), S.MET, D(2026, 5, 12))
    assert "sick days only" in plan.explanation


def test_an_evaluation_missed_before_a_recovery_stays_missed() -> None:
    events = [
        {"type": "sick_reported", "effective": "2026-01-05"},
        {"type": "plan_of_approach_agreed", "effective": "2026-02-20"},
        {"type": "recovered", "effective": "2026-05-01"},
    ]
    evaluation = deadlines(events, D(2026, 5, 10))[K.PLAN_EVALUATION]
    assert (evaluation.due, evaluation.status) == (D(2026, 4, 3), S.MISSED)


def test_loonsancties_together_extend_by_52_weeks_at_most() -> None:
    events = [
        {"type": "sick_reported", "effective": "2025-01-06"},
        {"type": "wage_sanction_imposed", "effective": "2026-12-01", "weeks": 52},
        {"type": "wage_sanction_imposed", "effective": "2026-12-20", "weeks": 30},
    ]
    ewt = deadlines(events, D(2026, 12, 20))[K.WAITING_PERIOD_END]
    assert ewt.due == D(2028, 1, 3)  # 2027-01-04 + 52 weeks, not + 82
    assert "capped at 52" in ewt.explanation


def test_employment_ending_while_sick() -> None:
    # F = Mon 2026-01-05; employment ends Mon 2026-06-01 (first day without employment).
    events = [
        {"type": "sick_reported", "effective": "2026-01-05"},
        {"type": "employment_ended", "effective": "2026-06-01"},
    ]
    got = deadlines(events, D(2026, 6, 1))
    # Report to UWV on the last werkdag of the employment (Fri 29 May), not in week 42.
    assert (got[K.UWV_SICK_REPORT].due, got[K.UWV_SICK_REPORT].status) == (D(2026, 5, 29), S.MISSED)
    assert got[K.PROBLEM_ANALYSIS].status is S.MISSED  # was due before the employment ended
    for kind in (K.FIRST_YEAR_EVALUATION, K.REINTEGRATION_REPORT):
        assert got[kind].status is S.NOT_APPLICABLE  # the employer's duties end; UWV takes over
    assert (got[K.WIA_APPLICATION].due, got[K.WIA_APPLICATION].status) == (
        D(2027, 10, 17),
        S.UPCOMING,
    )  # the employee still applies
    assert got[K.LAST_WAGE_DAY].due == D(2026, 5, 31)
    assert got[K.WAITING_PERIOD_END].due == D(2028, 1, 3)  # the waiting period runs on (ZW)


def test_a_closed_case_has_nothing_left_to_do() -> None:
    events = [
        {"type": "sick_reported", "effective": "2026-01-05"},
        {"type": "case_closed", "effective": "2026-03-01", "reason": "other"},
    ]
    got = deadlines(events, D(2026, 6, 1))
    assert got[K.PROBLEM_ANALYSIS].status is S.MISSED  # due 2026-02-15, before the closing
    for kind in (K.PLAN_OF_APPROACH, K.UWV_SICK_REPORT, K.WAITING_PERIOD_END):
        assert got[kind].status is S.NOT_APPLICABLE
