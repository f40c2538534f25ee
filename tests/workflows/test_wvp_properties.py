"""Properties of the WVP guard over random event sequences (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.errors import InvalidTransitionError
from poortwachter.events import EVENT_TYPES, EventBase, sort_key
from poortwachter.workflows import (
    SICK_STAGES,
    CaseState,
    CaseStatus,
    allowed_events,
    apply,
    fold,
    initial_status,
)

from ._events import F, sample

# Sick reports and recoveries weighted up, so that relapses and leaves actually happen.
_TYPES = [*sorted(EVENT_TYPES), "sick_reported", "recovered", "sick_reported", "maternity_leave"]


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
    assert status.fit_days_banked >= 0


def _attempt(
    status: CaseStatus, event: EventBase, gap: int
) -> tuple[InvalidTransitionError | None, CaseStatus | None]:
    try:
        return None, apply(status, event, case_id="p", relapse_gap_days=gap)
    except InvalidTransitionError as err:
        return err, None


def _walk(events: list[EventBase], gap: int) -> tuple[CaseStatus, list[EventBase]]:
    """Apply each event in turn, skipping refused ones; check every answer on the way."""
    status = initial_status()
    accepted: list[EventBase] = []
    for event in events:
        allowed = allowed_events(status)
        assert allowed == sorted(allowed)
        # Any exception other than a refusal fails the test: apply returns or refuses.
        refusal, after = _attempt(status, event, gap)
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
@given(event_sequences(ordered=False), st.sampled_from([28, 7, 1]))
def test_apply_returns_or_refuses_and_allowed_events_covers_every_accepted_event(
    events: list[EventBase], gap: int
) -> None:
    _walk(events, gap)


@settings(max_examples=300, deadline=None)
@given(event_sequences(ordered=True))
def test_replaying_the_accepted_log_gives_the_same_status(events: list[EventBase]) -> None:
    final, accepted = _walk(events, 28)
    # The stored log (accepted events only) replays to exactly the same status.
    assert fold(accepted, case_id="p") == final


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=1, max_value=60))
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
