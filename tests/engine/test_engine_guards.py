"""What the Engine refuses, and that a refusal stores nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from poortwachter import (
    Engine,
    FrozenClock,
    InvalidEventError,
    InvalidTransitionError,
    StoreUnavailableError,
)

D = dt.date


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(D(2026, 6, 1))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock) as opened:
        opened.open_case("emp-g", D(2026, 1, 5), "anna", actor="hr", case_id="g")
        yield opened


def test_facts_from_the_future_are_refused(engine: Engine) -> None:
    with pytest.raises(InvalidEventError, match="lies in the future") as err:
        engine.record("g", {"type": "recovered", "effective": "2026-06-02"}, actor="t")
    assert err.value.field == "effective"
    with pytest.raises(InvalidEventError, match="in the future"):
        engine.open_case("emp-h", D(2026, 6, 2), actor="hr")
    assert engine.case("g").version == 2


def test_a_list_of_events_is_stored_all_or_nothing(engine: Engine) -> None:
    with pytest.raises(InvalidTransitionError):
        engine.record_many(
            "g",
            [
                {"type": "problem_analysis_completed", "effective": "2026-02-10"},
                {"type": "recovered", "effective": "2026-03-01"},
                {"type": "recovered", "effective": "2026-03-05"},  # a second recovery
            ],
            actor="t",
        )
    assert engine.case("g").version == 2
    saved = engine.record_many(
        "g",
        [
            {"type": "problem_analysis_completed", "effective": "2026-02-10"},
            {"type": "plan_of_approach_agreed", "effective": "2026-02-20"},
        ],
        actor="t",
    )
    assert [s.seq for s in saved] == [3, 4]


def test_a_correction_may_not_remove_the_sick_report(engine: Engine) -> None:
    with pytest.raises(InvalidTransitionError, match="without its sick report"):
        engine.record(
            "g",
            {"type": "event_corrected", "effective": "2026-06-01", "corrects_seq": 1,
             "reason": "recorded_in_error"},
            actor="t",
        )  # fmt: skip
    assert engine.case("g").version == 2


def test_a_correction_that_breaks_the_log_names_the_corrected_fact(engine: Engine) -> None:
    engine.record("g", {"type": "recovered", "effective": "2026-03-01"}, actor="t")
    with pytest.raises(InvalidTransitionError) as err:
        engine.record(
            "g",
            {"type": "event_corrected", "effective": "2026-06-01", "corrects_seq": 3,
             "reason": "wrong_type",
             "replacement": {"type": "plan_evaluated", "effective": "2026-03-01"}},
            actor="t",
        )  # fmt: skip
    assert err.value.event_type == "plan_evaluated"
    assert engine.case("g").version == 3


def test_the_casemanager_is_the_latest_assignment_in_law_not_in_recording_order(
    engine: Engine,
) -> None:
    engine.record("g", {"type": "casemanager_assigned", "effective": "2026-05-01",
                        "casemanager": "bob"}, actor="t")  # fmt: skip
    engine.record("g", {"type": "casemanager_assigned", "effective": "2026-04-01",
                        "casemanager": "carol"}, actor="t")  # entered late  # fmt: skip
    assert engine.case("g").casemanager == "bob"


def test_a_late_fact_slipped_in_by_a_correction_is_still_shown_as_recorded_late(
    engine: Engine, clock: FrozenClock
) -> None:
    clock.set(D(2026, 1, 20))
    spoor = engine.record("g", {"type": "spoor2_started", "effective": "2026-01-20"}, actor="t")
    clock.set(D(2026, 6, 1))  # months later: it was really the probleemanalyse of 20 January
    engine.record(
        "g",
        {"type": "event_corrected", "effective": "2026-06-01", "corrects_seq": spoor.seq,
         "reason": "wrong_type",
         "replacement": {"type": "problem_analysis_completed", "effective": "2026-01-20"}},
        actor="t",
    )  # fmt: skip
    replay = engine.replay("g", as_of=D(2026, 6, 1))
    assert any(line.startswith("problem_analysis") for line in replay.recorded_late)


@pytest.mark.parametrize(
    ("ref", "fragment"),
    [("Jan de Vries", "not a pseudonymous id"), ("123-456-782", "looks like a BSN"),
     ("bsn123456782", "looks like a BSN"), ("", "not a pseudonymous id")],
)  # fmt: skip
def test_employee_references_must_be_pseudonymous(engine: Engine, ref: str, fragment: str) -> None:
    with pytest.raises(InvalidEventError, match=fragment):
        engine.open_case(ref, D(2026, 1, 5), actor="hr")


def test_readers_never_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(StoreUnavailableError, match="does not exist"):
        Engine.open(f"sqlite:///{missing}", create=False)
    assert not missing.exists()


def test_same_day_events_follow_the_process_order_not_the_alphabet(engine: Engine) -> None:
    # 'plan_evaluated' sorts before 'plan_of_approach_agreed' alphabetically; in the process the
    # plan comes first, so a plan and its first evaluation on one day are accepted together.
    saved = engine.record_many(
        "g",
        [
            {"type": "problem_analysis_completed", "effective": "2026-02-10"},
            {"type": "plan_evaluated", "effective": "2026-02-20"},
            {"type": "plan_of_approach_agreed", "effective": "2026-02-20"},
        ],
        actor="t",
    )
    assert [s.type for s in saved][-1] == "plan_of_approach_agreed"
    assert engine.case("g").state == "in_reintegration"
