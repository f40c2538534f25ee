"""Properties of the WVP guard over random event sequences (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.errors import InvalidTransitionError
from poortwachter.events import EVENT_TYPES, EventBase, MaternityLeave, sort_key
from poortwachter.rules.options import RuleOptions
from poortwachter.workflows import (
    MACHINE,
    SICK_STAGES,
    CaseState,
    CaseStatus,
    allowed_events,
    apply,
    fold,
    initial_status,
    wvp,
)
from poortwachter.workflows.wvp import MILESTONES

from ._events import F, sample

# Sick reports and recoveries weighted up, so that relapses and leaves actually happen.
# The conversation family has its own guard and property tests (tests/conversations).
_WVP_TYPES = sorted(name for name, cls in EVENT_TYPES.items() if cls.family != "conversation")
_TYPES = [*_WVP_TYPES, "sick_reported", "recovered", "sick_reported", "maternity_leave"]


@st.composite
def event_sequences(draw: st.DrawFn, *, ordered: bool) -> list[EventBase]:
    """Events on dates around F; ``ordered`` gives canonical order as the engine delivers."""
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(_TYPES),
                # Mostly short steps, so that relapses fall inside the 28-day gap.
                st.one_of(st.integers(0, 10), st.integers(-20 if not ordered else 0, 90)),
                st.integers(min_value=0, max_value=400),
            ),
            max_size=25,
        )
    )
    day = F - dt.timedelta(days=draw(st.integers(0, 3)))
    events: list[EventBase] = []
    for event_type, delta, variant in steps:
        day += dt.timedelta(days=delta)
        events.append(sample(event_type, day, variant))
    if ordered or draw(st.booleans()):
        events.insert(0, sample("sick_reported", min([F, *(e.effective for e in events)])))
    return sorted(events, key=sort_key) if ordered else events


def _check_invariants(status: CaseStatus) -> None:
    if status.state in SICK_STAGES:
        assert status.stage is status.state
        assert status.sick_since is not None
    if status.state is not CaseState.NEW:
        assert status.first_sick_day is not None
    if status.state is not CaseState.CLOSED:  # a closed case keeps its last facts
        assert (status.recovered_on is not None) == (status.state is CaseState.RECOVERED)
        assert (status.leave_end is not None) == (status.state is CaseState.ON_MATERNITY_LEAVE)


def _attempt(
    status: CaseStatus, event: EventBase, gap: int, *, leave_days_are_fit: bool = False
) -> tuple[InvalidTransitionError | None, CaseStatus | None]:
    try:
        after = apply(status, event, case_id="p")
    except InvalidTransitionError as err:
        return err, None
    return None, after


def _machine_destination(status: CaseStatus, event: EventBase) -> CaseState:
    """Where the transitions machine itself sends the case: the state read from the fold must
    be the same (the machine's declared destinations are the diagram people read)."""
    if event.type == "case_reopened":
        # Reopening undoes the closing: the case stands where it would without it.
        unclosed = status.copy()
        unclosed.fold.closed_on = None
        return wvp.state_of(unclosed.fold)
    if event.family != "sickness":
        return CaseState.CLOSED if event.type == "case_closed" else status.state
    probe = wvp._Probe(status, event)
    assert MACHINE.events[event.type].trigger(probe)
    return probe.state


def _walk(
    events: list[EventBase], gap: int, *, leave_days_are_fit: bool = False
) -> tuple[CaseStatus, list[EventBase]]:
    """Apply each event in turn, skipping refused ones; check every answer on the way."""
    status = initial_status(options=RuleOptions(wazo_leave_neutral=not leave_days_are_fit))
    accepted: list[EventBase] = []
    for event in events:
        allowed = allowed_events(status)
        assert allowed == sorted(allowed)
        # Any exception other than a refusal fails the test: apply returns or refuses.
        refusal, after = _attempt(status, event, gap, leave_days_are_fit=leave_days_are_fit)
        if refusal is not None:
            # Refused: the error tells the truth about the case as it stands.
            assert refusal.case_id == "p"
            assert refusal.state == status.state.value
            assert refusal.event_type == event.type
            assert refusal.allowed == tuple(allowed)
            assert refusal.reason
            continue
        assert isinstance(after, CaseStatus)
        assert event.type in allowed
        assert after.state is _machine_destination(status, event)
        _check_invariants(after)
        if status.first_sick_day is not None:
            assert after.first_sick_day == status.first_sick_day
        if status.spoor2 or status.plan_agreed or status.sanctioned:
            assert (after.spoor2, after.plan_agreed, after.sanctioned) >= (
                status.spoor2,
                status.plan_agreed,
                status.sanctioned,
            )
        status = after
        accepted.append(event)
    return status, accepted


@settings(max_examples=300, deadline=None)
@given(event_sequences(ordered=False), st.just(28), st.booleans())
def test_apply_returns_or_refuses_and_allowed_events_covers_every_accepted_event(
    events: list[EventBase], gap: int, leave_days_are_fit: bool
) -> None:
    _walk(events, gap, leave_days_are_fit=leave_days_are_fit)


_BOUNDARIES = ("sick_reported", "recovered", "maternity_leave")


def _check_against_the_log(
    status: CaseStatus, log: list[EventBase], *, leave_days_are_fit: bool
) -> None:
    """``status`` says what the accepted events say, worked out here without the guard."""
    if not log:
        assert status == initial_status()
        return
    first = log[0]
    assert first.type == "sick_reported"
    assert status.first_sick_day == first.effective
    assert status.last_effective == max(e.effective for e in log)
    types = [e.type for e in log]
    # A closing stands until a reopening undoes it.
    closing: EventBase | None = None
    for event in log:
        if event.type in ("case_closed", "case_reopened"):
            closing = event if event.type == "case_closed" else None
    closings = [closing] if closing is not None else []
    assert (status.state is CaseState.CLOSED) == bool(closings)
    assert status.closed_on == (closings[0].effective if closings else None)
    if closings:  # closed, then only corrections
        after = log[log.index(closings[0]) + 1 :]
        assert all(e.type == "event_corrected" for e in after)
    assert status.spoor2 == ("spoor2_started" in types)
    assert status.plan_agreed == ("plan_of_approach_agreed" in types)
    assert status.sanctioned == ("wage_sanction_imposed" in types)
    ended = [e.effective for e in log if e.type == "employment_ended"]
    assert status.employment_ended_on == (ended[-1] if ended else None)
    reached = [MILESTONES[t] for t in types if t in MILESTONES]
    assert status.stage is max([CaseState.REPORTED_SICK, *reached], key=SICK_STAGES.index)
    if closings:
        return  # a closed case keeps the facts it had; the state says closed
    # The sick period: the latest sick report, recovery or leave says where the case stands.
    last = [e for e in log if e.type in _BOUNDARIES][-1]
    if last.type == "sick_reported":
        assert status.state is status.stage
        assert status.sick_since == last.effective
        assert (status.recovered_on, status.leave_end) == (None, None)
    elif last.type == "recovered":
        assert status.state is CaseState.RECOVERED
        assert (status.sick_since, status.recovered_on) == (None, last.effective)
        assert status.sick_period_until == last.effective
    else:
        assert isinstance(last, MaternityLeave)
        assert status.state is CaseState.ON_MATERNITY_LEAVE
        assert status.sick_since is None
        assert (status.leave_start, status.leave_end) == (last.effective, last.end)


@settings(max_examples=300, deadline=None)
@given(event_sequences(ordered=True), st.just(28), st.booleans())
def test_the_status_after_a_fold_is_what_the_accepted_events_say(
    events: list[EventBase], gap: int, leave_days_are_fit: bool
) -> None:
    final, accepted = _walk(events, gap, leave_days_are_fit=leave_days_are_fit)
    _check_against_the_log(final, accepted, leave_days_are_fit=leave_days_are_fit)


@given(st.integers(min_value=1, max_value=400), st.just(28))
def test_a_relapse_joins_exactly_when_the_gap_is_below_the_limit(gap: int, limit: int) -> None:
    recovered = fold(
        [sample("sick_reported", F), sample("recovered", F + dt.timedelta(days=10))], case_id="p"
    )
    relapse = sample("sick_reported", F + dt.timedelta(days=10 + gap))
    refusal, after = _attempt(recovered, relapse, limit)
    if gap < limit:
        assert after is not None
        assert after.state is CaseState.REPORTED_SICK
    else:
        assert refusal is not None
        assert refusal.reason == (
            f"gap of {gap} days ≥ {limit}: this is a new sickness case; open a new case"
        )


@given(
    st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=40),
    st.just(28),
    st.booleans(),
)
def test_a_relapse_after_a_leave_joins_exactly_when_the_fit_days_are_below_the_limit(
    fit_before: int | None, leave_days: int, fit_after: int, limit: int, leave_days_are_fit: bool
) -> None:
    # The leave follows a recovery after ``fit_before`` fit days, or (None) ends the sickness.
    recovered_on = F + dt.timedelta(days=10)
    start = recovered_on + dt.timedelta(days=fit_before or 0)
    end = start + dt.timedelta(days=leave_days - 1)
    log = [sample("sick_reported", F)]
    if fit_before is not None:
        log.append(sample("recovered", recovered_on))
    log.append(MaternityLeave(effective=start, end=end))
    on_leave = fold(
        log, case_id="p", options=RuleOptions(wazo_leave_neutral=not leave_days_are_fit)
    )
    # Sick right up to the leave and again the day after it: the Wazo bridge, which joins by
    # the same cause alone (BW 7:629 lid 10); only then is the cause asked (variant 1: true).
    bridge = fit_before is None and fit_after == 0
    relapse = sample(
        "sick_reported", end + dt.timedelta(days=1 + fit_after), variant=1 if bridge else 0
    )
    refusal, after = _attempt(on_leave, relapse, limit, leave_days_are_fit=leave_days_are_fit)
    gap = (fit_before or 0) + fit_after + (leave_days if leave_days_are_fit else 0)
    if bridge or gap < limit:
        assert after is not None
        assert after.state is CaseState.REPORTED_SICK
        assert after.first_sick_day == F
    else:
        assert refusal is not None
        counted = " (Wazo leave days counted as fit days)" if leave_days_are_fit else ""
        assert refusal.reason == (
            f"gap of {gap} days{counted} ≥ {limit}: this is a new sickness case; open a new case"
        )
