"""Invariants from issue 7, on generated cases (hypothesis over the seeded case generator).

- No date before the sickness: every due date, window start and planning day of a chain lies
  on or after its first sick day.
- No moment moves earlier when a later event is added that does not concern it (a missed duty
  cannot silently become 'missed earlier' because of an unrelated fact).
- A duty that fell due stays due: once 42 (104) weeks of sickness are complete, a relapse that
  joins the chain later does not move the 42nd-week report (the end of the waiting period).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from poortwachter.errors import PoortwachterError
from poortwachter.events import EventBase, parse_events
from poortwachter.rules import DeadlineKind, RuleOptions, compute_deadlines, default_parameters
from poortwachter.rules.facts import derive_facts
from tests.rules.case_generator import random_case

K = DeadlineKind
D = dt.timedelta

#: The later events that may legitimately move a moment earlier; any other may not.
CONCERNS: dict[DeadlineKind, frozenset[str]] = {
    K.PROBLEM_ANALYSIS: frozenset(),
    K.PLAN_OF_APPROACH: frozenset({"problem_analysis_completed"}),
    # An evaluation (or plan) held before the computed date restarts the six weeks from it.
    K.PLAN_EVALUATION: frozenset(
        {"problem_analysis_completed", "plan_of_approach_agreed", "plan_evaluated"}
    ),
    K.UWV_SICK_REPORT: frozenset({"employment_ended"}),
    K.FIRST_YEAR_EVALUATION: frozenset(),
    K.REINTEGRATION_REPORT: frozenset(),
    K.WIA_APPLICATION: frozenset(),
    # A late UWV letter gives more time to apply, so a late application delays the end less.
    K.LAST_WAGE_DAY: frozenset(
        {"employment_ended", "wage_sanction_shortened", "uwv_wia_letter_received"}
    ),
    K.WAITING_PERIOD_END: frozenset({"wage_sanction_shortened", "uwv_wia_letter_received"}),
    K.RELAPSE_WINDOW_END: frozenset(),
    # Issue 7 moments (docs/legal-basis.md §1 #22-#31): an evaluation held before its deadline
    # brings the spoor 2 decision forward; an application before its deadline is when the
    # actueel oordeel is judged.
    K.COMPANY_DOCTOR_REPORT: frozenset(),
    K.SAFETY_NET_UWV_REPORT: frozenset(),
    K.UWV_RECOVERY_REPORT: frozenset(),
    K.SPOOR2_DECISION: frozenset({"first_year_evaluation_completed"}),
    K.FINAL_EVALUATION: frozenset(),
    K.CURRENT_OPINION: frozenset({"wia_applied"}),
    K.UWV_WIA_LETTER_EXPECTED: frozenset(),
    K.SANCTION_OBJECTION: frozenset(),
    K.SANCTION_SHORTENING_DECISION: frozenset(),
    K.EXPERT_OPINION_ANSWER: frozenset(),
}
_LATER: tuple[tuple[str, dict[str, Any]], ...] = (
    ("sick_reported", {}),
    ("recovered", {}),
    ("maternity_leave", {"end": 100}),
    ("problem_analysis_completed", {}),
    ("plan_of_approach_agreed", {}),
    ("plan_evaluated", {}),
    ("work_partially_resumed", {"percentage": 50}),
    ("uwv_sick_report_sent", {}),
    ("first_year_evaluation_completed", {}),
    ("reintegration_report_completed", {}),
    ("wia_applied", {}),
    ("uwv_wia_letter_received", {}),
    ("wage_sanction_imposed", {"weeks": 10}),
    ("wage_sanction_shortened", {}),
    ("waiting_period_extended", {"weeks": 13}),
    ("employment_ended", {}),
    ("case_closed", {"reason": "other"}),
)


def _deadlines(events: list[EventBase], as_of: dt.date, options: RuleOptions) -> Any:
    try:
        return compute_deadlines(events, as_of=as_of, options=options)
    except PoortwachterError:
        return None


def _first_day(events: list[EventBase], as_of: dt.date, options: RuleOptions) -> dt.date:
    known = [e for e in events if e.effective <= as_of]
    return derive_facts(known, default_parameters(), options).chain.first_day


def _case(seed: int) -> tuple[list[EventBase], dt.date, RuleOptions] | None:
    raw, as_of, options = random_case(random.Random(seed))
    try:
        events = parse_events(raw)
    except PoortwachterError:
        return None
    # Strict calendar coverage refuses most years; the flagged estimate keeps the dates.
    return events, as_of, options.model_copy(update={"calendar_coverage": "flag"})


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_no_date_falls_before_the_first_sick_day_of_its_chain(seed: int) -> None:
    case = _case(seed)
    assume(case is not None)
    assert case is not None
    events, as_of, options = case
    deadlines = _deadlines(events, as_of, options)
    assume(deadlines is not None)
    first = _first_day(events, as_of, options)
    for d in deadlines:
        assert d.due >= first, (d.kind, d.due, first, d.explain("en"))
        for day in (d.window_start, d.work_target):
            assert day is None or day >= first, (d.kind, day, first)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(_LATER), st.integers(0, 400))
def test_no_moment_moves_earlier_when_an_unrelated_later_event_is_added(
    seed: int, later: tuple[str, dict[str, Any]], after: int
) -> None:
    case = _case(seed)
    assume(case is not None)
    assert case is not None
    events, _, options = case
    kind, fields = later
    on = max(e.effective for e in events) + D(after)
    if kind == "maternity_leave":
        fields = {"end": (on + D(fields["end"])).isoformat()}
    try:
        (extra,) = parse_events([{"type": kind, "effective": on.isoformat(), **fields}])
    except PoortwachterError:
        assume(False)
    as_of = on + D(1) if kind != "maternity_leave" else on
    before = _deadlines(events, as_of, options)
    after_ = _deadlines([*events, extra], as_of, options)
    assume(before is not None and after_ is not None)
    # A sick report that starts a new chain makes other moments, of another chain.
    assume(_first_day(events, as_of, options) == _first_day([*events, extra], as_of, options))
    old = {d.kind: d.due for d in before}
    for d in after_:
        if d.kind in old and kind not in CONCERNS[d.kind]:
            assert d.due >= old[d.kind], (d.kind, kind, old[d.kind], d.due, d.explain("en"))


@settings(max_examples=200, deadline=None)
@given(
    st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31)),
    st.sampled_from([(K.UWV_SICK_REPORT, 294), (K.WAITING_PERIOD_END, 728)]),
    st.integers(0, 30),
    st.integers(1, 27),
)
def test_a_duty_that_fell_due_stays_due_when_a_relapse_joins_later(
    first: dt.date, moment: tuple[DeadlineKind, int], extra_days: int, gap: int
) -> None:
    kind, weeks_days = moment
    # Sick for at least the whole term, then recovered, then a relapse within 4 weeks.
    recovered = first + D(weeks_days + extra_days)
    sick = [
        {"type": "sick_reported", "effective": first.isoformat()},
        {"type": "recovered", "effective": recovered.isoformat()},
    ]
    relapse = {"type": "sick_reported", "effective": (recovered + D(gap)).isoformat()}
    as_of = recovered + D(gap)
    options = RuleOptions()
    before = {d.kind: d for d in compute_deadlines(parse_events(sick), as_of=as_of)}
    after = {d.kind: d for d in compute_deadlines(parse_events([*sick, relapse]), as_of=as_of)}
    assert _first_day(parse_events([*sick, relapse]), as_of, options) == first  # it joined
    # The term was complete on the day after its last sick day, whatever came later.
    assert before[kind].due == after[kind].due
    if kind is K.WAITING_PERIOD_END:
        # Counted independently: the 728th sick day is first + 727, all in the first period.
        assert after[kind].due == first + D(728)
