"""Chains across cases: a relapse within the window continues the chain, closed case or not.

The legal oracle is the worked example E9 of ``tests/scenarios/samentelling.yaml`` (computed
independently of the engine): first sick day ma 2026-03-02, fit from 2026-04-13, sick again on
2026-05-04 after 21 fit days, so the periods are added up (BW 7:629 lid 10) and every deadline
runs from 2026-03-02. Closing the case on 2026-04-20 in between must not change one date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from poortwachter import Engine, FrozenClock, InvalidTransitionError
from poortwachter.errors import CaseAlreadyOpenError

D = dt.date
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios" / "samentelling.yaml"


def _example(name_start: str) -> dict[str, Any]:
    examples = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    [example] = [e for e in examples if e["name"].startswith(name_start)]
    return dict(example)


E9 = _example("Terugval na 21 hersteldagen (E9)")
NEW_CHAIN = _example("Grensgeval: terugval na precies 28 hersteldagen")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(D(2026, 3, 2))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock) as opened:
        yield opened


def _closed_after_recovery(engine: Engine, clock: FrozenClock, recovered: D, closed: D) -> None:
    engine.open_case("emp-1", D(2026, 3, 2), "cm-a", actor="hr", case_id="c-1")
    clock.set(closed)
    engine.record("c-1", {"type": "recovered", "effective": recovered.isoformat()}, actor="hr")
    engine.record("c-1", {"type": "case_closed", "effective": closed.isoformat(),
                          "reason": "recovered"}, actor="hr")  # fmt: skip


def _dates(engine: Engine, case_id: str, as_of: D) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for deadline in engine.deadlines(case_id, as_of):
        dates = {"due": deadline.due.isoformat()}
        if deadline.window_start is not None:
            dates["window_start"] = deadline.window_start.isoformat()
        out[deadline.kind.value] = dates
    return out


def _expected(example: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        kind: {k: str(v) for k, v in moment.items() if k in ("due", "window_start")}
        for kind, moment in example["expect"].items()
    }


def test_a_relapse_after_closing_reopens_the_case_and_keeps_the_chain(
    engine: Engine, clock: FrozenClock
) -> None:
    _closed_after_recovery(engine, clock, D(2026, 4, 13), D(2026, 4, 20))
    relapse = D.fromisoformat(str(E9["events"][2]["effective"]))
    clock.set(relapse)
    view = engine.open_case("emp-1", relapse, actor="hr")
    assert (view.case_id, view.state, view.closed) == ("c-1", "reported_sick", False)
    assert view.first_sick_day == D(2026, 3, 2)
    as_of = D.fromisoformat(str(E9["as_of"]))
    got = _dates(engine, "c-1", as_of)
    assert {k: got[k] for k in _expected(E9)} == _expected(E9)
    types = [e.type for e in engine.store.load("c-1")]
    assert types[-2:] == ["case_reopened", "sick_reported"]
    assert engine.verify() == []
    # What a new case would have said: the plan of approach six weeks later than the law's.
    clock.set(D(2026, 5, 5))
    other = engine.open_case("emp-2", relapse, actor="hr")
    assert _dates(engine, other.case_id, as_of)["plan_of_approach"]["due"] == "2026-06-28"
    assert got["plan_of_approach"]["due"] == "2026-05-17"


def test_a_relapse_dated_before_the_closing_reopens_the_case_too(
    engine: Engine, clock: FrozenClock
) -> None:
    """Closed on 2026-04-20 while in fact sick again since 2026-04-18 (learned later)."""
    _closed_after_recovery(engine, clock, D(2026, 4, 13), D(2026, 4, 20))
    clock.set(D(2026, 4, 24))
    view = engine.open_case("emp-1", D(2026, 4, 18), "cm-b", actor="hr")
    assert (view.case_id, view.state, view.casemanager) == ("c-1", "reported_sick", "cm-b")
    assert view.facts.sick_since == D(2026, 4, 18)
    assert engine.verify() == []


def test_a_relapse_after_the_window_opens_a_new_case(engine: Engine, clock: FrozenClock) -> None:
    _closed_after_recovery(engine, clock, D(2026, 4, 13), D(2026, 4, 20))
    relapse = D.fromisoformat(str(NEW_CHAIN["events"][2]["effective"]))
    clock.set(relapse)
    view = engine.open_case("emp-1", relapse, actor="hr")
    assert view.case_id != "c-1"
    assert view.first_sick_day == relapse
    assert engine.case("c-1").closed
    as_of = D.fromisoformat(str(NEW_CHAIN["as_of"]))
    got = _dates(engine, view.case_id, as_of)
    assert {k: got[k] for k in _expected(NEW_CHAIN)} == _expected(NEW_CHAIN)


def test_a_second_open_case_is_refused_naming_the_first(engine: Engine, clock: FrozenClock) -> None:
    engine.open_case("emp-1", D(2026, 3, 2), actor="hr", case_id="c-1")
    clock.set(D(2026, 4, 20))
    engine.record("c-1", {"type": "recovered", "effective": "2026-04-13"}, actor="hr")
    with pytest.raises(CaseAlreadyOpenError) as err:
        engine.open_case("emp-1", D(2026, 4, 18), actor="hr")
    assert err.value.open_case_id == "c-1"
    assert "'c-1'" in str(err.value)
    assert [c for c, _, _ in engine.store.employee_cases("emp-1")] == ["c-1"]


def test_a_closed_case_takes_a_relapse_only_with_its_reopening(
    engine: Engine, clock: FrozenClock
) -> None:
    _closed_after_recovery(engine, clock, D(2026, 4, 13), D(2026, 4, 20))
    clock.set(D(2026, 5, 4))
    with pytest.raises(InvalidTransitionError) as err:
        engine.record("c-1", {"type": "sick_reported", "effective": "2026-05-04"}, actor="hr")
    assert "case_reopened" in str(err.value)
    engine.record_many(
        "c-1",
        [
            {"type": "case_reopened", "effective": "2026-04-20", "reason": "relapse"},
            {"type": "sick_reported", "effective": "2026-05-04"},
        ],
        actor="hr",
    )
    assert engine.case("c-1").state == "reported_sick"
    with pytest.raises(InvalidTransitionError, match="only a closed case can be reopened"):
        engine.record("c-1", {"type": "case_reopened", "effective": "2026-05-04",
                              "reason": "relapse"}, actor="hr")  # fmt: skip
