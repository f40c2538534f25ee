"""The issue 7 events and moments through the real engine and store (SQLite and PostgreSQL):
refusals store nothing, the snapshot keeps the payload the rules read, the timeline shows the
deskundigenoordeel, and the agenda carries the new actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from poortwachter import Engine
from poortwachter.clock import FrozenClock
from poortwachter.errors import InvalidTransitionError
from poortwachter.render import timeline_text
from poortwachter.rules import DeadlineKind, DeadlineStatus

D = dt.date
K = DeadlineKind


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(D(2028, 6, 1))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock) as opened:
        yield opened


def _record(engine: Engine, case_id: str, kind: str, day: str, **kw: object) -> None:
    engine.record(case_id, {"type": kind, "effective": day, **kw}, actor="anna")


def test_a_sanction_after_the_waiting_period_is_refused_and_nothing_is_stored(
    engine: Engine,
) -> None:
    engine.open_case("emp-1", D(2025, 1, 6), "anna", actor="hr", case_id="c-1")
    version = engine.case("c-1").version
    # F = Mon 2025-01-06: the waiting period's last day is Sun 2027-01-03 (day 728).
    with pytest.raises(InvalidTransitionError, match="2027-01-03"):
        _record(engine, "c-1", "wage_sanction_imposed", "2027-01-04", weeks=10)
    with pytest.raises(InvalidTransitionError, match=r"WIA art\. 24"):
        _record(engine, "c-1", "waiting_period_extended", "2027-01-04", weeks=13)
    assert engine.case("c-1").version == version
    _record(engine, "c-1", "wage_sanction_imposed", "2027-01-03", weeks=10)
    view = engine.case("c-1", as_of=D(2027, 1, 3))
    objection = {d.kind: d for d in view.deadlines}[K.SANCTION_OBJECTION]
    # Sun 2027-01-03 + 42 = Sun 2027-02-14, rolled to Mon 2027-02-15 (Atw).
    assert (objection.due, objection.status) == (D(2027, 2, 15), DeadlineStatus.UPCOMING)


def test_deviation_payload_survives_the_snapshot_and_pauses_the_plan(engine: Engine) -> None:
    engine.open_case("emp-2", D(2025, 1, 6), "anna", actor="hr", case_id="c-2")
    _record(engine, "c-2", "problem_analysis_completed", "2025-02-10")
    _record(
        engine, "c-2", "process_deviation", "2025-02-10", ground="no_usable_capacity",
        end="2025-04-30",
    )  # fmt: skip
    # A later event is folded from the stored snapshot (one step), which must have kept the
    # deviation's end date: the plan stays paused and resumes on Thu 2025-05-15.
    _record(engine, "c-2", "safety_net_case", "2025-03-01", ground="pregnancy_related")
    view = engine.case("c-2", as_of=D(2025, 3, 15))
    due = {d.kind: d for d in view.deadlines}
    plan = due[K.PLAN_OF_APPROACH]
    assert (plan.due, plan.status) == (D(2025, 5, 15), DeadlineStatus.NOT_APPLICABLE)
    # Vangnet from 2025-03-01, pregnancy-related: 6 weeks, Fri 2025-04-11.
    assert due[K.SAFETY_NET_UWV_REPORT].due == D(2025, 4, 11)
    replayed = engine.replay("c-2", as_of=D(2025, 3, 15))
    assert [(d.kind, d.due, d.status) for d in replayed.deadlines] == [
        (d.kind, d.due, d.status) for d in view.deadlines
    ]
    assert engine.verify() == []


def test_the_deskundigenoordeel_is_in_the_timeline_and_on_the_agenda(engine: Engine) -> None:
    engine.open_case("emp-3", D(2025, 1, 6), "anna", actor="hr", case_id="c-3")
    _record(engine, "c-3", "problem_analysis_completed", "2025-02-10")
    _record(engine, "c-3", "expert_opinion_requested", "2025-06-03", requested_by="employee")
    agenda = [(i.case_id, i.kind, i.due) for i in engine.agenda("anna", end=D(2025, 7, 31))]
    assert ("c-3", "expert_opinion_answer", D(2025, 7, 1)) in agenda
    _record(engine, "c-3", "expert_opinion_received", "2025-06-20")
    text = timeline_text("c-3", engine.timeline("c-3"))
    assert "Deskundigenoordeel aangevraagd (requested_by=employee)" in text
    assert "Deskundigenoordeel ontvangen" in text
    kinds = [i.kind for i in engine.agenda("anna", end=D(2025, 7, 31))]
    assert "expert_opinion_answer" not in kinds
