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
    # docs/legal-basis.md §5 E9 with the probleemanalyse on Wed 2026-04-08 (sick day 38), before the
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
    assert "sick days only" in plan.explain("en")
    assert "alleen ziektedagen" in plan.explanation
    # The two weeks were counted across the gap: the samentelling is cited, week 8 is not.
    assert plan.rule_version == (
        "plan_of_approach_after_analysis_weeks@2002-04-01, samentelling_gap_weeks@2004-01-01"
    )


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
    assert "capped at 52" in ewt.explain("en")
    assert "begrensd op 52" in ewt.explanation


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


def versions(deadline: Deadline) -> set[str]:
    return set(deadline.rule_version.split(", ")) if deadline.rule_version else set()


def test_a_loonsanctie_is_cited_by_the_waiting_period_it_extends() -> None:
    plain = deadlines([{"type": "sick_reported", "effective": "2025-01-06"}], D(2025, 1, 6))
    # No sanction: neither the wage day nor the EWT names the loonsanctie.
    for kind in (K.LAST_WAGE_DAY, K.WAITING_PERIOD_END):
        assert versions(plain[kind]) == {"waiting_period_weeks@2004-01-01"}
        assert "25 lid 9" not in plain[kind].legal_basis
    events = [
        {"type": "sick_reported", "effective": "2025-01-06"},
        {"type": "wage_sanction_imposed", "effective": "2027-01-01", "weeks": 12},
    ]
    sanctioned = deadlines(events, D(2027, 1, 1))
    for kind in (K.LAST_WAGE_DAY, K.WAITING_PERIOD_END):
        assert versions(sanctioned[kind]) == {
            "waiting_period_weeks@2004-01-01",
            "wage_sanction_max_weeks@2005-12-29",
        }
    shortened = deadlines(
        [*events, {"type": "wage_sanction_shortened", "effective": "2027-01-20"}], D(2027, 1, 20)
    )
    assert "wage_sanction_shortening_weeks@2005-12-29" in versions(shortened[K.WAITING_PERIOD_END])
    assert "WIA art. 25 lid 9-12" in shortened[K.WAITING_PERIOD_END].legal_basis


def test_the_samentelling_is_cited_only_after_a_gap() -> None:
    # docs/legal-basis.md §5 E9: the gap lies after day 42 (the analysis) but before day 56.
    events = [
        {"type": "sick_reported", "effective": "2026-03-02"},
        {"type": "recovered", "effective": "2026-04-13"},
        {"type": "sick_reported", "effective": "2026-05-04"},
    ]
    got = deadlines(events, D(2026, 5, 4))
    gap = "samentelling_gap_weeks@2004-01-01"
    assert gap not in versions(got[K.PROBLEM_ANALYSIS])
    for kind in (K.PLAN_OF_APPROACH, K.UWV_SICK_REPORT, K.WIA_APPLICATION, K.WAITING_PERIOD_END):
        assert gap in versions(got[kind]), kind
        assert "BW art. 7:629 lid 10" in got[kind].legal_basis


def test_the_atw_is_cited_only_when_it_moves_the_report() -> None:
    rolled = deadlines([{"type": "sick_reported", "effective": "2025-03-06"}], D(2025, 3, 6))
    assert rolled[K.UWV_SICK_REPORT].due == D(2025, 12, 29)
    assert "Atw art. 1" in rolled[K.UWV_SICK_REPORT].legal_basis
    plain = deadlines([{"type": "sick_reported", "effective": "2025-01-06"}], D(2025, 1, 6))
    assert plain[K.UWV_SICK_REPORT].due == D(2025, 10, 27)  # a werkdag: nothing rolled
    assert "Atw" not in plain[K.UWV_SICK_REPORT].legal_basis
    assert versions(plain[K.UWV_SICK_REPORT]) == {"uwv_sick_report_week@2009-01-01"}


def test_dutch_text_is_dutch_and_english_text_english() -> None:
    events = [
        {"type": "sick_reported", "effective": "2025-03-06"},
        {"type": "wage_sanction_imposed", "effective": "2027-01-01", "weeks": 12},
    ]
    got = deadlines(events, D(2025, 3, 6))
    report = got[K.UWV_SICK_REPORT]
    assert report.explanation == report.explain("nl")
    assert "do 25-12-2025 Eerste kerstdag" in report.explanation
    assert "2025-12-25 Christmas Day" in report.explain("en")
    for deadline in got.values():
        nl, en = deadline.explain("nl"), deadline.explain("en")
        assert nl != en
        for english in (" weeks", " days", "sick day", "after"):
            assert english not in nl
        for dutch in (" weken", " dagen", "ziektedag", " na "):
            assert dutch not in en
        assert deadline.as_json("en")["explanation"] == en
