"""Each open legal question (docs/legal-basis.md §6): the default and its alternative, as dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from poortwachter.errors import CalendarCoverageError
from poortwachter.events import EventBase, parse_events
from poortwachter.rules import DeadlineKind, RuleOptions, compute_deadlines

D = dt.date
K = DeadlineKind
E1 = [{"type": "sick_reported", "effective": "2025-01-06"}]  # docs/legal-basis.md §5 E1


def due(events: list[dict[str, Any]], as_of: D, **options: Any) -> dict[DeadlineKind, D]:
    parsed: list[EventBase] = list(parse_events(events))
    result = compute_deadlines(parsed, as_of=as_of, options=RuleOptions(**options))
    return {d.kind: d.due for d in result}


@pytest.mark.parametrize(
    ("option", "value", "moved"),
    [
        # §6.1 end of week 6/8 (F+41/F+55) vs. 6/8 full weeks after F (F+42/F+56); the first
        # evaluation follows the plan's deadline.
        ("week_convention", "weeks_after", {
            K.PROBLEM_ANALYSIS: (D(2025, 2, 16), D(2025, 2, 17)),
            K.PLAN_OF_APPROACH: (D(2025, 3, 2), D(2025, 3, 3)),
            K.PLAN_EVALUATION: (D(2025, 4, 13), D(2025, 4, 14)),
        }),
        # §6.4 end of week 93 (EWT - 78) vs. exactly 11 weeks before EWT (EWT - 77).
        ("wia_deadline", "weeks_before_end", {
            K.WIA_APPLICATION: (D(2026, 10, 18), D(2026, 10, 19)),
        }),
        # §6.8 end of week 91 (practice) vs. 15 weeks before EWT, i.e. end of week 89.
        ("reintegration_report_deadline", "statutory_2005", {
            K.REINTEGRATION_REPORT: (D(2026, 10, 4), D(2026, 9, 20)),
            # The actueel oordeel is due before the verslag it belongs in (legal-basis #27).
            K.CURRENT_OPINION: (D(2026, 10, 4), D(2026, 9, 20)),
        }),
    ],
)  # fmt: skip
def test_option_moves_exactly_its_own_moments(
    option: str, value: str, moved: dict[DeadlineKind, tuple[D, D]]
) -> None:
    default = due(E1, D(2025, 1, 6))
    alternative = due(E1, D(2025, 1, 6), **{option: value})
    for kind, (default_due, alternative_due) in moved.items():
        assert (default[kind], alternative[kind]) == (default_due, alternative_due), kind
    unmoved = set(default) - set(moved)
    assert unmoved
    assert {k: default[k] for k in unmoved} == {k: alternative[k] for k in unmoved}


def test_equated_days_can_be_working_days_for_the_42nd_week_report() -> None:
    # F = Thu 2025-03-13: day(295) = Thu 2026-01-01 (Nieuwjaarsdag); Fri 2 Jan 2026 is equated.
    events = [{"type": "sick_reported", "effective": "2025-03-13"}]
    assert due(events, D(2025, 3, 13))[K.UWV_SICK_REPORT] == D(2026, 1, 5)
    without = due(events, D(2025, 3, 13), equated_days_are_holidays=False)
    assert without[K.UWV_SICK_REPORT] == D(2026, 1, 2)


def test_relapse_can_restart_the_probleemanalyse_and_plan() -> None:
    # docs/legal-basis.md §5 E9: 42 sick days, 21 fit days, relapse on Mon 2026-05-04.
    events = [
        {"type": "sick_reported", "effective": "2026-03-02"},
        {"type": "recovered", "effective": "2026-04-13"},
        {"type": "sick_reported", "effective": "2026-05-04"},
    ]
    chain = due(events, D(2026, 5, 4))
    assert (chain[K.PROBLEM_ANALYSIS], chain[K.PLAN_OF_APPROACH]) == (
        D(2026, 4, 12),
        D(2026, 5, 17),
    )
    restart = due(events, D(2026, 5, 4), relapse_process_steps="restart")
    assert (restart[K.PROBLEM_ANALYSIS], restart[K.PLAN_OF_APPROACH]) == (
        D(2026, 6, 14),
        D(2026, 6, 28),
    )
    assert restart[K.WAITING_PERIOD_END] == chain[K.WAITING_PERIOD_END] == D(2028, 3, 20)


def test_wazo_leave_days_neutral_or_counted_as_fit_days() -> None:
    # Fit days on both sides of the leave, so the 4-week rule decides (not the Wazo bridge):
    # recovered 2026-02-02, 10 fit days, leave 02-12..05-24 (102 days), 4 fit days, sick 05-29.
    events = [
        {"type": "sick_reported", "effective": "2026-01-05"},
        {"type": "recovered", "effective": "2026-02-02"},
        {"type": "maternity_leave", "effective": "2026-02-12", "end": "2026-05-24"},
        {"type": "sick_reported", "effective": "2026-05-29"},
    ]
    # Neutral: 14 fit days < 28, one chain; the fit and leave days do not count as sick days.
    assert due(events, D(2026, 6, 1))[K.WAITING_PERIOD_END] == D(2028, 4, 28)
    # Counted as fit days: a 116-day gap (>= 28) starts a new chain on 2026-05-29.
    counted = due(events, D(2026, 6, 1), wazo_leave_neutral=False)
    assert counted[K.WAITING_PERIOD_END] == D(2028, 5, 26)


def test_the_wazo_bridge_joins_whatever_the_leave_days_count_as() -> None:
    # Sick up to the day before the leave and from the day after it, same cause: BW 7:629
    # lid 10 joins the periods on that ground alone (issue 7), so the option does not matter.
    events = [
        {"type": "sick_reported", "effective": "2026-01-05"},
        {"type": "maternity_leave", "effective": "2026-02-02", "end": "2026-05-24"},
        {"type": "sick_reported", "effective": "2026-05-25", "same_cause_as_before": True},
    ]
    for neutral in (True, False):
        ewt = due(events, D(2026, 6, 1), wazo_leave_neutral=neutral)[K.WAITING_PERIOD_END]
        assert ewt == D(2028, 4, 24)


def test_a_late_uwv_letter_extends_the_wia_deadline_unless_switched_off() -> None:
    events = [*E1, {"type": "uwv_wia_letter_received", "effective": "2026-10-05"}]
    # Week 89 ends on day(623) = Sun 2026-09-20; the letter came later: letter + 4 weeks.
    assert due(events, D(2026, 10, 5))[K.WIA_APPLICATION] == D(2026, 11, 2)
    off = due(events, D(2026, 10, 5), late_wia_letter_extends=False)
    assert off[K.WIA_APPLICATION] == D(2026, 10, 18)


def test_law_in_force_on_the_first_sick_day_or_on_the_as_of_date() -> None:
    events = [{"type": "sick_reported", "effective": "2013-01-07"}]
    # Before the Verzamelwet SZW 2013 (1 July 2013): week 91, EWT - 92.
    assert due(events, D(2014, 6, 1))[K.WIA_APPLICATION] == D(2014, 10, 5)
    # The law in force on the as-of date: week 93, EWT - 78.
    now = due(events, D(2014, 6, 1), parameters_on="as_of")
    assert now[K.WIA_APPLICATION] == D(2014, 10, 19)


def test_unknown_equated_days_are_flagged_by_default_and_refused_when_strict() -> None:
    events = [{"type": "sick_reported", "effective": "2028-06-05"}]  # day(295) = Mon 2029-03-26
    [report] = [
        d
        for d in compute_deadlines(parse_events(events), as_of=D(2028, 6, 5))
        if d.kind is K.UWV_SICK_REPORT
    ]
    assert report.due == D(2029, 3, 26)
    assert any("2029" in flag for flag in report.flags)
    with pytest.raises(CalendarCoverageError) as err:
        compute_deadlines(
            parse_events(events),
            as_of=D(2028, 6, 5),
            options=RuleOptions(calendar_coverage="strict"),
        )
    assert err.value.year == 2029


def test_bekorting_ends_the_loonsanctie_six_weeks_after_the_decision() -> None:
    events = [
        *E1,
        {"type": "wage_sanction_imposed", "effective": "2027-01-01", "weeks": 12},
        {"type": "wage_sanction_shortened", "effective": "2027-01-20"},
    ]
    sanctioned = due(events[:2], D(2027, 1, 20))
    assert sanctioned[K.LAST_WAGE_DAY] == D(2027, 3, 28)
    shortened = due(events, D(2027, 1, 20))
    assert shortened[K.LAST_WAGE_DAY] == D(2027, 3, 3)
    assert shortened[K.WAITING_PERIOD_END] == D(2027, 3, 4)


def test_weekend_due_dates_stand_and_get_a_werkdag_to_plan_on() -> None:
    [pa] = [
        d for d in compute_deadlines(parse_events(E1), as_of=D(2025, 1, 6))
        if d.kind is K.PROBLEM_ANALYSIS
    ]  # fmt: skip
    assert pa.due == D(2025, 2, 16)  # a Sunday: the Atw does not move a ministeriële regeling
    assert pa.work_target == D(2025, 2, 14)
