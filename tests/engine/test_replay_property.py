"""Replay as of T equals the live state of a store that only ever saw the events up to T."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock

D = dt.timedelta


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, object]]:
    """A plausible case history with increasing dates (relapses, partial work, milestones)."""
    day = draw(st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)))
    events: list[dict[str, object]] = []
    sick, recovered_on = True, day
    for _ in range(draw(st.integers(2, 12))):
        day += D(days=draw(st.integers(1, 40)))
        if sick:
            kind = draw(
                st.sampled_from(
                    ["problem_analysis_completed", "plan_of_approach_agreed", "plan_evaluated",
                     "work_partially_resumed", "recovered", "uwv_sick_report_sent",
                     "spoor2_started"]
                )
            )  # fmt: skip
        else:
            kind = "sick_reported"
            day = recovered_on + D(days=draw(st.integers(1, 27)))
        event: dict[str, object] = {"type": kind, "effective": day.isoformat()}
        if kind == "work_partially_resumed":
            event["percentage"] = draw(st.integers(1, 99))
        if kind == "plan_evaluated" and not any(
            e["type"] == "plan_of_approach_agreed" for e in events
        ):
            event["type"] = "plan_of_approach_agreed"
        if kind == "recovered":
            sick, recovered_on = False, day
        elif kind == "sick_reported":
            sick = True
        events.append(event)
    return events


def _fill(
    engine: Engine, clock: FrozenClock, first: dt.date, events: list[dict[str, object]]
) -> None:
    clock.set(first)
    engine.open_case("emp-p", first, "anna", actor="t", case_id="p")
    for event in events:
        clock.set(dt.date.fromisoformat(str(event["effective"])))
        engine.record("p", event, actor="t")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)), histories(), st.integers(0, 400))
def test_replay_as_of_equals_a_store_that_only_saw_events_up_to_then(
    first: dt.date, events: list[dict[str, object]], offset: int
) -> None:
    # Anchor the generated history on its own first sick day.
    shift = first - dt.date.fromisoformat(str(events[0]["effective"])) + D(days=1)
    events = [{**e, "effective": (dt.date.fromisoformat(str(e["effective"])) + shift).isoformat()}
              for e in events]  # fmt: skip
    cut = first + D(days=offset)
    full_clock, partial_clock = FrozenClock(first), FrozenClock(first)
    with (
        Engine.open("sqlite://", clock=full_clock) as full,
        Engine.open("sqlite://", clock=partial_clock) as partial,
    ):
        _fill(full, full_clock, first, events)
        _fill(partial, partial_clock, first, [e for e in events if str(e["effective"]) <= str(cut)])
        live = partial.case("p", as_of=cut)
        for replay in (full.replay("p", as_of=cut), full.replay("p", known_on=cut)):
            assert replay.state == live.state
            assert replay.deadlines == live.deadlines
