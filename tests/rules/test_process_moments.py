"""Invariants and edges of the issue 7 moments (poortwachter.rules.process_moments, deviation).

The dates themselves are checked by worked examples (tests/scenarios/issue7_moments.yaml); here
hypothesis checks what must hold for every case, and generated bad input gets a clear error.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.errors import InvalidEventError
from poortwachter.events import (
    EventBase,
    FirstYearEvaluationCompleted,
    Recovered,
    SickReported,
    WageSanctionImposed,
    parse_event,
)
from poortwachter.events.process import (
    SAFETY_NET_GROUNDS,
    ExpertOpinionRequested,
    ProcessDeviation,
    SafetyNetCase,
    WageSanctionShorteningRequested,
)
from poortwachter.rules import DeadlineKind, DeadlineStatus, RuleOptions, compute_deadlines
from poortwachter.rules.model import ACTION_KINDS
from poortwachter.rules.process_moments import months_before

K = DeadlineKind
NEW_KINDS = frozenset(k for k in K if k.value not in {
    "problem_analysis", "plan_of_approach", "plan_evaluation", "uwv_sick_report",
    "first_year_evaluation", "reintegration_report", "wia_application", "last_wage_day",
    "waiting_period_end", "relapse_window_end",
})  # fmt: skip
_D = dt.timedelta


def _after(first: dt.date, days: int) -> dt.date:
    return first + _D(days=days)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[EventBase], dt.date, RuleOptions]:
    first = draw(st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31)))
    events: list[EventBase] = [SickReported(effective=first)]
    offset = st.integers(0, 700)
    if draw(st.booleans()):
        ground = draw(st.sampled_from(SAFETY_NET_GROUNDS))
        events.append(
            SafetyNetCase(effective=_after(first, draw(st.integers(0, 60))), ground=ground)
        )  # type: ignore[arg-type]
    if draw(st.booleans()):
        start = _after(first, draw(st.integers(0, 120)))
        end = None if draw(st.booleans()) else start + _D(days=draw(st.integers(0, 150)))
        ground = draw(st.sampled_from(["no_usable_capacity", "quick_recovery_expected"]))
        events.append(ProcessDeviation(effective=start, ground=ground, end=end))  # type: ignore[arg-type]
    if draw(st.booleans()):
        events.append(FirstYearEvaluationCompleted(effective=_after(first, draw(offset))))
    if draw(st.booleans()):
        sanctioned = _after(first, draw(offset))
        events.append(WageSanctionImposed(effective=sanctioned, weeks=draw(st.integers(1, 52))))
        if draw(st.booleans()):
            events.append(WageSanctionShorteningRequested(effective=sanctioned + _D(days=30)))
    if draw(st.booleans()):
        by = draw(st.sampled_from(["employer", "employee"]))
        events.append(
            ExpertOpinionRequested(effective=_after(first, draw(offset)), requested_by=by)
        )  # type: ignore[arg-type]
    recovery = draw(st.none() | st.integers(1, 800))
    if recovery is not None:
        events.append(Recovered(effective=_after(first, recovery)))
    as_of = max(e.effective for e in events) + _D(days=draw(st.integers(0, 900)))
    options = RuleOptions.model_validate(
        {
            "moments": {
                "company_doctor_report": draw(st.booleans()),
                "current_opinion_max_age_months": draw(st.integers(1, 24)),
                "deviation_resume": draw(st.sampled_from(["term_after_end", "on_end"])),
                "current_opinion_due": draw(st.sampled_from(["report", "application"])),
            }
        }
    )
    return events, as_of, options


@settings(max_examples=300, deadline=None)
@given(cases())
def test_new_moments_never_fall_before_the_first_sick_day(
    case: tuple[list[EventBase], dt.date, RuleOptions],
) -> None:
    events, as_of, options = case
    first = events[0].effective
    for d in compute_deadlines(events, as_of=as_of, options=options):
        if d.kind in NEW_KINDS or d.kind in (K.PLAN_OF_APPROACH, K.PLAN_EVALUATION):
            assert d.due >= first, (d.kind, d.due, d.explain("en"))
            assert d.window_start is None or first <= d.window_start <= d.due
            assert d.work_target is None or first <= d.work_target <= d.due
        if d.kind in NEW_KINDS:
            assert d.kind in ACTION_KINDS
            assert d.legal_basis, d.kind
            assert d.rule_version, d.kind
            assert d.explain("nl")
            assert d.explain("en")
            assert d.label("en") != d.label("nl")
            assert (d.met_on is not None) == (d.status in (DeadlineStatus.MET, DeadlineStatus.LATE))


@settings(max_examples=150, deadline=None)
@given(cases())
def test_a_deviation_only_ever_delays_the_plan_and_its_evaluation(
    case: tuple[list[EventBase], dt.date, RuleOptions],
) -> None:
    events, as_of, options = case
    without = [e for e in events if not isinstance(e, ProcessDeviation)]
    plain = {d.kind: d for d in compute_deadlines(without, as_of=as_of, options=options)}
    for d in compute_deadlines(events, as_of=as_of, options=options):
        if d.kind in (K.PLAN_OF_APPROACH, K.PLAN_EVALUATION):
            assert d.due >= plain[d.kind].due
            # never missed while the deviation it is paused by still runs
            if d.status is DeadlineStatus.MISSED:
                assert all(
                    e.end is not None and e.end < as_of
                    for e in events
                    if isinstance(e, ProcessDeviation) and e.effective <= d.due
                )


def test_the_company_doctor_reminder_is_an_option() -> None:
    events = [SickReported(effective=dt.date(2025, 1, 6))]
    on = {d.kind for d in compute_deadlines(events, as_of=dt.date(2025, 1, 8))}
    off_options = RuleOptions.model_validate({"moments": {"company_doctor_report": False}})
    off = {
        d.kind for d in compute_deadlines(events, as_of=dt.date(2025, 1, 8), options=off_options)
    }
    assert on - off == {K.COMPANY_DOCTOR_REPORT}


def test_only_cases_with_their_facts_get_the_conditional_moments() -> None:
    kinds = {d.kind for d in compute_deadlines([SickReported(effective=dt.date(2025, 1, 6))],
                                                as_of=dt.date(2025, 2, 1))}  # fmt: skip
    assert not kinds & {
        K.SAFETY_NET_UWV_REPORT, K.UWV_RECOVERY_REPORT, K.SANCTION_OBJECTION,
        K.SANCTION_SHORTENING_DECISION, K.EXPERT_OPINION_ANSWER,
    }  # fmt: skip
    assert {K.SPOOR2_DECISION, K.FINAL_EVALUATION, K.CURRENT_OPINION} <= kinds


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (dt.date(2026, 10, 18), 3, dt.date(2026, 7, 18)),
        (dt.date(2026, 5, 31), 3, dt.date(2026, 2, 28)),
        (dt.date(2028, 5, 31), 3, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),
        (dt.date(2026, 3, 31), 13, dt.date(2025, 2, 28)),
    ],
)
def test_months_before(day: dt.date, count: int, expected: dt.date) -> None:
    assert months_before(day, count) == expected


@settings(max_examples=200, deadline=None)
@given(
    event_type=st.sampled_from(["safety_net_case", "process_deviation", "spoor2_decided",
                                "expert_opinion_requested"]),
    value=st.one_of(st.text(max_size=20), st.integers(), st.none(), st.booleans()),
    end=st.one_of(st.none(), st.text(max_size=12),
                  st.dates(dt.date(1800, 1, 1), dt.date(2026, 3, 1))),
)  # fmt: skip
def test_bad_payloads_get_a_clear_error_naming_the_field(
    event_type: str, value: object, end: object
) -> None:
    field = {
        "safety_net_case": "ground",
        "process_deviation": "ground",
        "spoor2_decided": "outcome",
        "expert_opinion_requested": "requested_by",
    }[event_type]
    payload: dict[str, object] = {"type": event_type, "effective": "2026-03-02", field: value}
    if event_type == "process_deviation":
        payload["ground"] = "no_usable_capacity"
        payload["end"] = end.isoformat() if isinstance(end, dt.date) else end
        if end is None or (
            isinstance(end, dt.date) and dt.date(1900, 1, 1) <= end >= dt.date(2026, 3, 2)
        ):
            return  # a valid payload
        field = "end"
    elif value in ({"safety_net_case": SAFETY_NET_GROUNDS}.get(event_type, ()) or
                   ("start", "not_needed", "employer", "employee")):  # fmt: skip
        return
    with pytest.raises(InvalidEventError) as info:
        parse_event(payload)
    assert info.value.field == field
    # What to give instead, in the reason or the field (as for every date field).
    assert "expected" in str(info.value) or "supported dates" in str(info.value)
