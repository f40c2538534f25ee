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


Recording = tuple[dt.date, dict[str, object]]  # (day it is recorded, event)


def _record_all(engine: Engine, clock: FrozenClock, recordings: list[Recording]) -> None:
    """Replay a history of recordings: the case is opened by the first, in recording order."""
    first_day, opening = recordings[0]
    clock.set(first_day)
    engine.open_case("emp-p", dt.date.fromisoformat(str(opening["effective"])), "anna", actor="t",
                     case_id="p")  # fmt: skip
    for day, event in recordings[1:]:
        clock.set(day)
        engine.record("p", event, actor="t")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)),
    histories(),
    st.integers(0, 400),
    st.integers(1, 60),
    st.booleans(),
)
def test_replay_equals_a_store_that_only_saw_what_was_there_then(
    first: dt.date, events: list[dict[str, object]], offset: int, delay: int, correct: bool
) -> None:
    # Anchor the generated history on its own first sick day.
    shift = first - dt.date.fromisoformat(str(events[0]["effective"])) + dt.timedelta(days=1)
    events = [{**e, "effective": (dt.date.fromisoformat(str(e["effective"])) + shift).isoformat()}
              for e in events]  # fmt: skip
    opening: dict[str, object] = {"type": "sick_reported", "effective": first.isoformat()}
    recordings: list[Recording] = [(first, opening)]
    recordings += [(dt.date.fromisoformat(str(e["effective"])), e) for e in events]
    end = recordings[-1][0]
    # One milestone is entered late (after everything else), and maybe corrected later still.
    late = next((i for i, (_, e) in enumerate(recordings) if e["type"] in LATE_OK), None)
    if late is not None:
        _, event = recordings.pop(late)
        recordings.append((end + dt.timedelta(days=delay), event))
        if correct:
            # Re-entered by a correction later still (same fact: moving it could make the log
            # invalid, which the guard tests cover); what matters here is when it was known.
            seq = len(recordings) + 1  # recordings[0] opened the case as seqs 1 and 2
            when = end + dt.timedelta(days=delay + 3)
            recordings.append((when, {
                "type": "event_corrected", "effective": when.isoformat(), "corrects_seq": seq,
                "reason": "wrong_value", "replacement": event,
            }))  # fmt: skip
    cut = first + dt.timedelta(days=offset)
    clocks = [FrozenClock(first) for _ in range(3)]
    with (
        Engine.open("sqlite://", clock=clocks[0]) as full,
        Engine.open("sqlite://", clock=clocks[1]) as known_then,
        Engine.open("sqlite://", clock=clocks[2]) as effective_then,
    ):
        _record_all(full, clocks[0], recordings)
        # What the dossier held on `cut`: only what had been recorded by then.
        _record_all(known_then, clocks[1], [r for r in recordings if r[0] <= cut])
        replay = full.replay("p", known_on=cut)
        live = known_then.case("p", as_of=cut)
        assert (replay.state, replay.deadlines) == (live.state, live.deadlines)
        # The case as it stood on `cut`, as known now: the facts (corrections applied) up to it.
        facts = [
            (dt.date.fromisoformat(str(e["effective"])), e)
            for e in _resolved(full)
            if dt.date.fromisoformat(str(e["effective"])) <= cut
        ]
        _record_all(effective_then, clocks[2], facts)
        replay = full.replay("p", as_of=cut)
        live = effective_then.case("p", as_of=cut)
        assert (replay.state, replay.deadlines) == (live.state, live.deadlines)


LATE_OK = {"problem_analysis_completed", "uwv_sick_report_sent", "spoor2_started"}


def _resolved(engine: Engine) -> list[dict[str, object]]:
    """The case's facts after corrections, in effective order, as plain event objects."""
    timeline = engine.timeline("p")
    by_seq = {e.seq: dict(e.payload) for e in timeline}
    for entry in timeline:
        if entry.type == "event_corrected":
            target = int(str(entry.payload["corrects_seq"]))
            replacement = entry.payload.get("replacement")
            if replacement is None:
                by_seq.pop(target, None)
            else:
                by_seq[target] = dict(replacement)  # type: ignore[call-overload]
            by_seq.pop(entry.seq)
    facts = [e for e in by_seq.values() if e["type"] != "casemanager_assigned"]
    return sorted(facts, key=lambda e: str(e["effective"]))
