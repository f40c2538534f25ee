"""The outbox projection: written with the events, re-planned on every append, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.errors import InvalidTransitionError
from poortwachter.notify.channel import Notice
from poortwachter.notify.outbox import OutboxHook


def _states(engine: Engine, case_id: str) -> dict[str, str]:
    return {r.notice.key: r.state for r in engine.reminders.rows(case_id=case_id)}


def test_a_met_deadline_cancels_its_pending_reminders(engine: Engine, clock: FrozenClock) -> None:
    engine.open_case("emp-1", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c1")
    before = _states(engine, "c1")
    assert before["c1/problem_analysis/1/on_day"] == "pending"
    engine.record(
        "c1", {"type": "problem_analysis_completed", "effective": "2026-03-02"}, actor="t"
    )
    after = _states(engine, "c1")
    for step in ("plan", "before", "on_day", "escalation"):
        assert after[f"c1/problem_analysis/1/{step}"] == "cancelled"
    # What no longer applies is cancelled, the rest stays pending and nothing was sent.
    assert "sent" not in after.values()
    assert any(s == "pending" for k, s in after.items() if "/plan_of_approach/" in k)


def test_a_moved_deadline_moves_its_reminder_under_the_same_key(
    engine: Engine, clock: FrozenClock
) -> None:
    engine.open_case("emp-1", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c1")
    key = "c1/plan_of_approach/1/on_day"
    old = engine.reminders.get(key)
    # The problem analysis done early moves the plan of approach (two weeks after it).
    engine.record(
        "c1", {"type": "problem_analysis_completed", "effective": "2026-02-16"}, actor="t"
    )
    new = engine.reminders.get(key)
    assert new.state == "pending"
    assert new.notice.due_on < old.notice.due_on
    assert new.next_attempt_at == new.notice.send_at
    assert len([r for r in engine.reminders.rows(case_id="c1") if r.notice.key == key]) == 1


def test_the_projection_reads_back_as_written_and_matches_a_replanning(
    engine: Engine, clock: FrozenClock
) -> None:
    engine.open_case("emp-1", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c1")
    hook = OutboxHook()
    with engine.store.engine.connect() as conn:
        stored = hook.read(conn, "c1")
    assert stored == [
        r.notice for r in sorted(engine.reminders.rows(case_id="c1"), key=lambda r: r.notice.key)
    ]
    engine.reminders.plan("c1")  # re-planning from the log changes nothing
    with engine.store.engine.connect() as conn:
        assert hook.read(conn, "c1") == stored


def test_nothing_is_planned_when_the_append_is_refused(engine: Engine) -> None:
    engine.open_case("emp-1", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c1")
    before = _states(engine, "c1")
    with pytest.raises(InvalidTransitionError):
        engine.record("c1", {"type": "sick_reported", "effective": "2026-02-03"}, actor="t")
    assert _states(engine, "c1") == before


_STEPS = ("plan", "before", "on_day", "escalation")


def _notice(case_id: str, reason: str, step: str, due: dt.date) -> Notice:
    send = dt.datetime.combine(due, dt.time(6, 30), dt.UTC)
    return Notice(
        key=f"{case_id}/{reason}/1/{step}",
        case_id=case_id,
        reason=reason,
        step=step,  # type: ignore[arg-type]
        recipient="cm-a",
        due_on=due,
        plan_on=due,
        send_at=send,
        details={"occurrence": "1"},
    )


_PLANS = st.lists(
    st.tuples(
        st.sampled_from(("agreement", "contact_cadence", "plan_of_approach")),
        st.sampled_from(_STEPS),
        st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    ),
    max_size=8,
    unique_by=lambda t: (t[0], t[1]),
)


def test_write_then_read_gives_the_last_plan_and_cancels_the_rest(tmp_path: object) -> None:
    clock = FrozenClock(dt.date(2026, 1, 1))
    with Engine.open("sqlite://", clock=clock) as engine:
        engine.open_case("emp-1", dt.date(2026, 1, 1), "cm-a", actor="t", case_id="c9")
        hook = OutboxHook()

        @settings(max_examples=60, deadline=None)
        @given(first=_PLANS, second=_PLANS)
        def check(
            first: list[tuple[str, str, dt.date]], second: list[tuple[str, str, dt.date]]
        ) -> None:
            a = sorted((_notice("c9", *t) for t in first), key=lambda n: n.key)
            b = sorted((_notice("c9", *t) for t in second), key=lambda n: n.key)
            with engine.store.begin_write() as conn:
                hook.write(conn, "c9", 5, a)
                hook.write(conn, "c9", 6, b)
                assert hook.read(conn, "c9") == b
                q = "SELECT key, state FROM reminders WHERE case_id='c9'"
                states = dict(conn.exec_driver_sql(q).all())
                gone = {n.key for n in a} - {n.key for n in b}
                assert all(states[k] == "cancelled" for k in gone)
                assert all(states[n.key] == "pending" for n in b)
                hook.write(conn, "c9", 7, a)  # back to the first plan: cancelled ones return
                assert hook.read(conn, "c9") == a
                states = dict(conn.exec_driver_sql(q).all())
                assert all(states[n.key] == "pending" for n in a)
                conn.exec_driver_sql("DELETE FROM reminders WHERE case_id='c9'")

        check()


def test_write_many_leaves_the_outbox_as_one_write_per_case_does(tmp_path: Path) -> None:
    clock = FrozenClock(dt.date(2026, 1, 1))
    results = []
    for bulk in (False, True):
        with Engine.open(f"sqlite:///{tmp_path}/{bulk}.db", clock=clock) as engine:
            for i in range(3):
                engine.open_case(f"emp-{i}", dt.date(2026, 1, 1), "cm-a", actor="t",
                                 case_id=f"w{i}")  # fmt: skip
            hook = OutboxHook()
            plans = {
                f"w{i}": (9, sorted((_notice(f"w{i}", "agreement", step, dt.date(2026, 2, i + 1))
                                     for step in _STEPS[i:]), key=lambda n: n.key))
                for i in range(3)
            }  # fmt: skip
            with engine.store.begin_write() as conn:
                if bulk:
                    hook.write_many(conn, plans)
                else:
                    for case_id, (version, plan) in plans.items():
                        hook.write(conn, case_id, version, plan)
                q = "SELECT key, state, in_plan, plan_hash FROM reminders ORDER BY key"
                results.append(conn.exec_driver_sql(q).all())
                assert hook.read(conn, "w1") == plans["w1"][1]
    assert results[0] == results[1]
    assert any(row[1] == "cancelled" for row in results[0])  # the legal plans left the plan


def test_reminders_plan_rebuilds_a_lost_outbox(engine: Engine, clock: FrozenClock) -> None:
    for i in range(3):
        engine.open_case(f"emp-{i}", dt.date(2026, 2, 2), f"cm-{i}", actor="t", case_id=f"r{i}")
    hook = OutboxHook()
    with engine.store.engine.connect() as conn:
        before = {f"r{i}": hook.read(conn, f"r{i}") for i in range(3)}
    with engine.store.begin_write() as conn:  # a database from before the outbox existed
        conn.exec_driver_sql("DELETE FROM reminders")
    assert engine.reminders.plan() == 3
    with engine.store.engine.connect() as conn:
        assert {f"r{i}": hook.read(conn, f"r{i}") for i in range(3)} == before
    assert all(before.values())
