"""Property tests: the cadence counts what it says, and each signal fires exactly when its rule
says. Every expectation is computed here from the rule's own words, not by the code under test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.conversations.cadence import add_working_days
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.conversations.signals import signals_of
from poortwachter.events import EventBase, parse_event, sorted_events
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus
from poortwachter.workflows import CaseStatus, fold

from .samples import EMPLOYEE, MANAGER, at

D = dt.date
CAL = default_calendar()
START = D(2026, 1, 5)
POLICY = ConversationPolicy()
days = st.integers(min_value=0, max_value=120)


def counting(day: D, quiet: list[tuple[D, D]]) -> bool:
    """A day counts: Monday to Friday, no Atw holiday or equated day, outside quiet periods."""
    return CAL.is_working_day(day) and not any(a <= day <= b for a, b in quiet)


def count_between(start: D, end: D, quiet: list[tuple[D, D]]) -> int:
    """Counting days d with start < d <= end."""
    return sum(counting(start + dt.timedelta(i), quiet) for i in range(1, (end - start).days + 1))


@settings(max_examples=200, deadline=None)
@given(days, st.integers(1, 40), st.lists(st.tuples(days, st.integers(0, 20)), max_size=3))
def test_add_working_days_lands_on_the_nth_counting_day(offset: int, n: int, spans: Any) -> None:
    start = START + dt.timedelta(offset)
    quiet = [(START + dt.timedelta(a), START + dt.timedelta(a + length)) for a, length in spans]
    due = add_working_days(start, n, CAL, quiet)
    assert counting(due, quiet)
    assert count_between(start, due, quiet) == n


def _fold(raw: list[dict[str, Any]]) -> CaseStatus:
    events: list[EventBase] = [parse_event({"type": "sick_reported", "effective": "2026-01-05"})]
    events += [parse_event(r) for r in raw]
    return fold([e for _, e in sorted_events(events)], case_id="p")


def _kinds(status: CaseStatus, as_of: D, deadlines: list[Deadline] | None = None) -> list[str]:
    found = signals_of(
        "p", None, status.fold, status.conversations, deadlines or [], as_of, CAL, POLICY
    )
    return [s.kind for s in found]


def _held(cid: str, day: D, who: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "type": "contact_held",
        "contact_id": cid,
        "at": at(day),
        "form": "phone",
        "participants": who,
        "summary": "Werk besproken.",
    }


ROLE_SETS = st.sampled_from([[EMPLOYEE], [MANAGER], [EMPLOYEE, MANAGER]])


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 15),
    st.lists(st.tuples(st.integers(1, 90), ROLE_SETS), max_size=6, unique_by=lambda t: t[0]),
    st.lists(st.tuples(st.integers(1, 90), st.integers(0, 15)), max_size=2),
    st.integers(0, 150),
)
def test_no_contact_fires_exactly_when_the_cadence_is_overdue(
    every: int, contacts: Any, spans: Any, as_of_offset: int
) -> None:
    agreed = START
    raw: list[dict[str, Any]] = [
        {
            "type": "contact_cadence_agreed",
            "effective": agreed.isoformat(),
            "cadence_id": "werknemer",
            "with_roles": ["employee"],
            "every": every,
            "unit": "working_days",
        }
    ]
    quiet = []
    for a, length in spans:
        start, end = START + dt.timedelta(a), START + dt.timedelta(a + length)
        quiet.append((start, end))
        raw.append(
            {
                "type": "quiet_period_agreed",
                "effective": agreed.isoformat(),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "reason": "holiday",
            }
        )
    as_of = START + dt.timedelta(as_of_offset)
    with_employee = []
    for n, (offset, who) in enumerate(contacts):
        day = START + dt.timedelta(offset)
        if day > as_of:
            continue  # the fold on as_of knows nothing later
        raw.append({**_held(f"c{n}", day, who), "effective": day.isoformat()})
        if any(p["role"] == "employee" for p in who):
            with_employee.append(day)
    status = _fold(raw)
    # The rule: count the working days outside quiet periods after the last contact with the
    # employee (or the day the cadence was agreed); overdue once more than `every` have passed
    # before the as-of day.
    last = max([agreed, *with_employee])
    overdue = count_between(last, as_of - dt.timedelta(1), quiet) >= every
    assert ("no_contact" in _kinds(status, as_of)) == overdue


OUTCOMES = st.lists(
    st.sampled_from(["kept", "missed", "talk", "talk_without_employee"]), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(OUTCOMES)
def test_agreements_missed_fires_exactly_on_three_misses_in_a_row_without_a_talk_since(
    steps: list[str],
) -> None:
    raw: list[dict[str, Any]] = []
    for n, step in enumerate(steps):
        day = START + dt.timedelta(days=n + 1)
        iso = day.isoformat()
        if step.startswith("talk"):
            who = [EMPLOYEE] if step == "talk" else [MANAGER]
            raw.append({**_held(f"c{n}", day, who), "effective": iso})
            continue
        raw.append(
            {
                "type": "agreement_made",
                "effective": iso,
                "agreement_id": f"a{n}",
                "owner": EMPLOYEE,
                "action": "Vacatures zoeken",
                "due": iso,
            }
        )
        if step == "kept":
            raw.append({"type": "agreement_kept", "effective": iso, "agreement_id": f"a{n}"})
        else:
            raw.append(
                {
                    "type": "agreement_missed",
                    "effective": iso,
                    "agreement_id": f"a{n}",
                    "reason": "forgotten",
                }
            )
    status = _fold(raw)
    # The rule, read from the steps: the misses since the last kept agreement, at least three,
    # and no talk with the employee after the last of them.
    outcomes = [(i, s) for i, s in enumerate(steps) if s in ("kept", "missed")]
    run = []
    for i, s in reversed(outcomes):
        if s == "kept":
            break
        run.append(i)
    answered = bool(run) and "talk" in steps[run[0] + 1 :]
    expected = len(run) >= 3 and not answered
    as_of = START + dt.timedelta(days=len(steps) + 1)
    assert ("agreements_missed" in _kinds(status, as_of)) == expected


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 60),
    st.lists(st.integers(0, 200), max_size=3, unique=True),
    st.integers(0, 300),
    st.booleans(),
)
def test_plan_not_evaluated_fires_after_more_than_six_weeks(
    plan_offset: int, evaluations: list[int], as_of_offset: int, recovered: bool
) -> None:
    plan = START + dt.timedelta(days=1 + plan_offset)
    as_of = plan + dt.timedelta(days=as_of_offset)
    raw: list[dict[str, Any]] = [{"type": "plan_of_approach_agreed", "effective": plan.isoformat()}]
    evaluated = [plan + dt.timedelta(days=e + 1) for e in evaluations]
    evaluated = [d for d in evaluated if d <= as_of]
    raw += [{"type": "plan_evaluated", "effective": d.isoformat()} for d in sorted(evaluated)]
    if recovered:  # fit from the as-of day: no longer sick
        raw.append({"type": "recovered", "effective": as_of.isoformat()})
    status = _fold(raw)
    last = max([plan, *evaluated])
    expected = not recovered and (as_of - last).days > 42
    assert ("plan_not_evaluated" in _kinds(status, as_of)) == expected


def _deadline(kind: DeadlineKind, due: D, status: DeadlineStatus) -> Deadline:
    return Deadline(
        kind=kind,
        due=due,
        window_start=None,
        work_target=None,
        legal_basis="art. 25 lid 1 WIA",
        rule_version="test",
        status=status,
        met_on=None,
        notes=(),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 40),
    st.sampled_from([DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.MISSED]),
    st.integers(0, 30),
    st.sampled_from([None, "planned", "held", "cancelled", "other_kind", "too_late"]),
)
def test_moment_unprepared_fires_exactly_within_n_working_days_without_a_preparing_talk(
    due_offset: int, status: DeadlineStatus, as_of_offset: int, talk: str | None
) -> None:
    as_of = START + dt.timedelta(days=15 + as_of_offset)
    due = as_of + dt.timedelta(days=due_offset - 10)
    raw: list[dict[str, Any]] = []
    if talk is not None:
        day = (
            due + dt.timedelta(days=1) if talk == "too_late" else max(START, due - dt.timedelta(3))
        )
        day = min(day, max(START, as_of)) if talk == "held" else day
        prepares = "first_year_evaluation" if talk == "other_kind" else "plan_of_approach"
        planned = {
            "type": "contact_planned",
            "effective": START.isoformat(),
            "contact_id": "c1",
            "at": at(day),
            "form": "phone",
            "participants": [EMPLOYEE],
            "purpose": "Plan van aanpak voorbereiden",
            "prepares": prepares,
        }
        raw.append(planned)
        if talk == "held":
            raw.append({**_held("c1", day, [EMPLOYEE]), "effective": day.isoformat()})
        elif talk == "cancelled":
            raw.append(
                {
                    "type": "contact_cancelled",
                    "effective": START.isoformat(),
                    "contact_id": "c1",
                    "reason": "by_employer",
                }
            )
    folded = _fold(raw)
    deadline = _deadline(DeadlineKind.PLAN_OF_APPROACH, due, status)
    within = as_of <= due and count_between(as_of, due, []) <= POLICY.prepare_within_working_days
    prepared = talk in ("planned", "held") and (talk != "held" or day <= due)
    open_action = status is not DeadlineStatus.MISSED
    expected = open_action and within and not prepared
    assert ("moment_unprepared" in _kinds(folded, as_of, [deadline])) == expected


@settings(max_examples=150, deadline=None)
@given(
    st.integers(43, 200),
    st.one_of(st.none(), st.integers(0, 20)),
    # A relapse 28 or more days later is a new case (the WVP guard refuses it in this one).
    st.one_of(st.none(), st.integers(1, 27)),
)
def test_a_relapse_is_linked_exactly_when_inside_the_window_after_a_werkbalansgesprek(
    sick_days: int, talk_after: int | None, relapse_after: int | None
) -> None:
    from .samples import werkbalans_form

    recovered = START + dt.timedelta(days=sick_days)
    raw: list[dict[str, Any]] = [{"type": "recovered", "effective": recovered.isoformat()}]
    if talk_after is not None:
        raw.append(werkbalans_form(recovered + dt.timedelta(days=talk_after)))
    relapse = None if relapse_after is None else recovered + dt.timedelta(days=relapse_after)
    if relapse is not None:
        raw.append({"type": "sick_reported", "effective": relapse.isoformat()})
    status = _fold(raw)
    talks = status.conversations
    # Four weeks: a relapse fewer than 28 days after the recovery joins (art. 7:629 lid 10 BW).
    if relapse is None:
        assert talks.relapses == []
        assert _kinds(status, recovered) == (["werkbalans_due"] if talk_after is None else [])
        return
    [link] = talks.relapses
    # A sick report opens its day: a werkbalansgesprek on the day of the relapse came after it.
    held_before = talk_after is not None and recovered + dt.timedelta(days=talk_after) < relapse
    assert link["within_window"]
    assert (link["werkbalansgesprek"] == "wbg-1") == held_before
