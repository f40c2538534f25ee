"""The Engine on a real database (SQLite file and PostgreSQL): commands, guards, audit."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from poortwachter import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    DeadlineKind,
    DeadlineStatus,
    Engine,
    FrozenClock,
    InvalidEventError,
    InvalidTransitionError,
)

D = dt.date


@pytest.fixture
def clock() -> FrozenClock:
    # Late in the year: facts are recorded once they have happened (future ones are refused).
    return FrozenClock(D(2026, 12, 31))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock) as opened:
        yield opened


def _record(
    engine: Engine, clock: FrozenClock, case_id: str, kind: str, day: D, **kw: object
) -> None:
    clock.set(day)
    engine.record(case_id, {"type": kind, "effective": day.isoformat(), **kw}, actor="anna")


def test_a_year_of_events_deadlines_agenda_and_replay(engine: Engine, clock: FrozenClock) -> None:
    case = engine.open_case("emp-1", D(2026, 1, 5), "anna", actor="hr", case_id="c-1")
    assert case.state == "reported_sick"
    assert case.version == 2  # ziekmelding + casemanager
    _record(engine, clock, "c-1", "problem_analysis_completed", D(2026, 2, 10))
    _record(engine, clock, "c-1", "plan_of_approach_agreed", D(2026, 2, 20))
    _record(engine, clock, "c-1", "plan_evaluated", D(2026, 4, 1))
    _record(engine, clock, "c-1", "work_partially_resumed", D(2026, 5, 4), percentage=50)
    _record(engine, clock, "c-1", "plan_evaluated", D(2026, 5, 11))
    _record(engine, clock, "c-1", "spoor2_started", D(2026, 9, 1))
    clock.set(D(2026, 10, 20))
    view = engine.case("c-1")
    assert view.spoor2
    assert view.facts.plan_agreed
    assert (view.facts.sick_since, view.facts.recovered_on) == (D(2026, 1, 5), None)
    due = {d.kind: d for d in view.deadlines}
    assert due[DeadlineKind.UWV_SICK_REPORT].due == D(2026, 10, 26)
    assert due[DeadlineKind.UWV_SICK_REPORT].status is DeadlineStatus.UPCOMING
    assert due[DeadlineKind.PLAN_EVALUATION].status is DeadlineStatus.MISSED  # 2026-06-22
    assert due[DeadlineKind.WAITING_PERIOD_END].due == D(2028, 1, 3)
    # The agenda shows the missed evaluation first (it stays until done), then what comes.
    items = [(i.kind, i.due, i.overdue) for i in engine.agenda("anna")]
    assert items == [
        ("plan_evaluation", D(2026, 6, 22), True),
        ("uwv_sick_report", D(2026, 10, 26), False),
        ("first_year_evaluation", D(2027, 1, 3), False),
        # Issue 7 moments (docs/legal-basis.md #26-#28); spoor 2 was started, so its decision
        # is met, and the probleemanalyse made the arbodienst reminder moot.
        ("uwv_wia_letter_expected", D(2027, 9, 19), False),
        # The actueel oordeel belongs in the verslag: due with it in week 91 (§1 #27).
        ("current_opinion", D(2027, 10, 3), False),
        ("final_evaluation", D(2027, 10, 3), False),
        ("reintegration_report", D(2027, 10, 3), False),
        ("wia_application", D(2027, 10, 17), False),
    ]
    _record(engine, clock, "c-1", "plan_evaluated", D(2026, 10, 20))
    first, second = engine.agenda("anna")[:2]
    assert (first.kind, first.due) == ("uwv_sick_report", D(2026, 10, 26))
    assert (second.kind, second.due) == ("plan_evaluation", D(2026, 12, 1))
    # Replay as of a past date shows the case as it stood then.
    past = engine.replay("c-1", as_of=D(2026, 2, 15))
    assert past.state == "problem_analysed"
    assert {d.kind: d.status for d in past.deadlines}[DeadlineKind.PLAN_OF_APPROACH] is (
        DeadlineStatus.UPCOMING
    )
    assert engine.verify() == []


def test_a_late_entered_42nd_week_report_shows_up_as_late_when_known(
    engine: Engine, clock: FrozenClock
) -> None:
    clock.set(D(2025, 1, 6))
    engine.open_case("emp-2", D(2025, 1, 6), "bram", actor="hr", case_id="c-2")
    assert engine.replay("c-2", known_on=D(2025, 1, 5)).state == "new"  # not yet known
    clock.set(D(2025, 11, 20))
    # Sent on time (due Mon 2025-10-27) but entered on 2025-11-20.
    engine.record("c-2", {"type": "uwv_sick_report_sent", "effective": "2025-10-27"}, actor="b")
    before = engine.replay("c-2", known_on=D(2025, 11, 1))
    report = {d.kind: d for d in before.deadlines}[DeadlineKind.UWV_SICK_REPORT]
    assert report.status is DeadlineStatus.MISSED  # what the dossier said on 1 November
    after = engine.replay("c-2", as_of=D(2025, 11, 1), known_on=D(2025, 11, 20))
    report = {d.kind: d for d in after.deadlines}[DeadlineKind.UWV_SICK_REPORT]
    assert report.status is DeadlineStatus.MET
    assert report.met_on == D(2025, 10, 27)
    assert any(line.startswith("uwv_sick_report") for line in after.recorded_late)


def _event_count(engine: Engine) -> int:
    with engine.store.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM events")).scalar_one())


@pytest.mark.parametrize(
    ("events", "error", "fragments"),
    [
        ([{"type": "plan_evaluated", "effective": "2026-02-01"}], InvalidTransitionError,
         ["plan_evaluated", "plan"]),
        ([{"type": "recovered", "effective": "2026-02-01"},
          {"type": "recovered", "effective": "2026-02-10"}], InvalidTransitionError,
         ["recovered", "already recovered"]),
        ([{"type": "recovered", "effective": "2025-12-01"}], InvalidTransitionError,
         ["before the first sick day"]),
        ([{"type": "case_closed", "effective": "2026-02-01", "reason": "other"},
          {"type": "problem_analysis_completed", "effective": "2026-02-02"}],
         InvalidTransitionError, ["closed"]),
        ([{"type": "recovered", "effective": "2026-02-01"},
          {"type": "sick_reported", "effective": "2026-03-01"}], InvalidTransitionError,
         ["28", "new case"]),
        ([{"type": "wage_sanction_imposed", "effective": "2026-02-01", "weeks": 0}],
         InvalidEventError, ["weeks", "at least 1"]),
        ([{"type": "problem_analysis_completed", "effective": "2026-02-01", "note": "griep"}],
         InvalidEventError, ["note", "unknown field"]),
    ],
)  # fmt: skip
def test_an_impossible_event_is_refused_and_nothing_is_written(
    engine: Engine, events: list[dict[str, object]], error: type[Exception], fragments: list[str]
) -> None:
    engine.open_case("emp-3", D(2026, 1, 5), actor="hr", case_id="c-3")
    *ok, bad = events
    for event in ok:
        engine.record("c-3", event, actor="t")
    count, version = _event_count(engine), engine.case("c-3").version
    with pytest.raises(error) as err:
        engine.record("c-3", bad, actor="t")
    for fragment in fragments:
        assert fragment in str(err.value)
    if isinstance(err.value, InvalidTransitionError):
        assert err.value.case_id == "c-3"
        assert err.value.event_type == bad["type"]
    assert (_event_count(engine), engine.case("c-3").version) == (count, version)
    assert engine.verify() == []


def test_a_closed_case_refuses_everything_but_a_correction(engine: Engine) -> None:
    engine.open_case("emp-4", D(2026, 1, 5), actor="hr", case_id="c-4")
    closing = engine.record(
        "c-4", {"type": "case_closed", "effective": "2026-02-01", "reason": "other"}, actor="t"
    )
    with pytest.raises(InvalidTransitionError) as err:
        engine.record("c-4", {"type": "recovered", "effective": "2026-02-02"}, actor="t")
    assert err.value.allowed == ()
    engine.record(
        "c-4",
        {"type": "event_corrected", "effective": "2026-02-03", "corrects_seq": closing.seq,
         "reason": "recorded_in_error"},
        actor="t",
    )  # fmt: skip
    assert engine.case("c-4").state == "reported_sick"


def test_a_correction_keeps_both_events_and_replay_honours_it(engine: Engine) -> None:
    engine.open_case("emp-5", D(2026, 3, 2), actor="hr", case_id="c-5")
    wrong = engine.record("c-5", {"type": "recovered", "effective": "2026-04-20"}, actor="t")
    engine.record(
        "c-5",
        {"type": "event_corrected", "effective": "2026-04-21", "corrects_seq": wrong.seq,
         "reason": "wrong_date",
         "replacement": {"type": "recovered", "effective": "2026-04-13"}},
        actor="t",
    )  # fmt: skip
    timeline = engine.timeline("c-5")
    assert [e.type for e in timeline] == ["sick_reported", "recovered", "event_corrected"]
    assert timeline[1].corrected_by == 3
    relapse = {d.kind: d for d in engine.deadlines("c-5", as_of=D(2026, 4, 25))}
    assert relapse[DeadlineKind.RELAPSE_WINDOW_END].due == D(2026, 5, 10)  # 04-13 + 27
    with pytest.raises(InvalidEventError, match="corrects_seq"):
        engine.record(
            "c-5",
            {"type": "event_corrected", "effective": "2026-04-22", "corrects_seq": 99,
             "reason": "other"},
            actor="t",
        )  # fmt: skip


def test_expected_version_conflicts_are_reported(engine: Engine) -> None:
    engine.open_case("emp-6", D(2026, 1, 5), actor="hr", case_id="c-6")
    engine.record("c-6", {"type": "problem_analysis_completed", "effective": "2026-02-01"},
                  actor="a", expected_version=1)  # fmt: skip
    with pytest.raises(ConcurrencyConflictError) as err:
        engine.record("c-6", {"type": "plan_of_approach_agreed", "effective": "2026-02-05"},
                      actor="b", expected_version=1)  # fmt: skip
    assert (err.value.expected_version, err.value.actual_version) == (1, 2)
    with pytest.raises(InvalidEventError, match="already exists") as exists:
        engine.open_case("emp-6", D(2026, 1, 5), actor="hr", case_id="c-6")
    assert exists.value.field == "case_id"


def test_unknown_case_and_bsn_like_reference(engine: Engine) -> None:
    with pytest.raises(CaseNotFoundError):
        engine.case("nope")
    with pytest.raises(InvalidEventError, match="BSN"):
        engine.open_case("123456782", D(2026, 1, 5), actor="hr")


def test_agenda_filters_by_casemanager_and_dates(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 1, 12))
    engine.open_case("e1", D(2026, 1, 5), "anna", actor="hr", case_id="a1")
    engine.open_case("e2", D(2026, 1, 12), "anna", actor="hr", case_id="a2")
    engine.open_case("e3", D(2026, 1, 7), "bram", actor="hr", case_id="b1")
    anna = engine.agenda("anna")
    assert {i.case_id for i in anna} == {"a1", "a2"}
    # 12 open actions each: 7, and 5 of issue 7 (arbodienst report, spoor 2 decision,
    # eindevaluatie, UWV letter, actueel oordeel)
    assert len(anna) == 24
    assert [i.due for i in anna] == sorted(i.due for i in anna)
    window = engine.agenda(start=D(2026, 2, 17), end=D(2026, 2, 22))
    assert [(i.case_id, i.kind, i.due, i.overdue) for i in window] == [
        # The practice reminder to inform the arbodienst by day 7 (docs/legal-basis.md #22),
        # overdue since 2026-01-11, shows before the period asked for.
        ("a1", "company_doctor_report", D(2026, 1, 11), True),
        ("b1", "problem_analysis", D(2026, 2, 17), False),
        ("a2", "problem_analysis", D(2026, 2, 22), False),
    ]
    # Before the probleemanalyses only the arbodienst reminders are on the agenda.
    assert [(i.case_id, i.kind) for i in engine.agenda(end=D(2026, 2, 12))] == [
        ("a1", "company_doctor_report"),
        ("b1", "company_doctor_report"),  # due 2026-01-13
        ("a2", "company_doctor_report"),  # due 2026-01-18
    ]
    assert [(i.case_id, i.kind) for i in engine.agenda(end=D(2026, 1, 11))] == [
        ("a1", "company_doctor_report")
    ]
    # Later, what was missed shows before the period asked for, whatever its start.
    clock.set(D(2026, 2, 20))
    window = engine.agenda(start=D(2026, 2, 21), end=D(2026, 2, 22))
    assert [(i.case_id, i.kind, i.overdue) for i in window] == [
        ("a1", "company_doctor_report", True),
        ("b1", "company_doctor_report", True),
        ("a2", "company_doctor_report", True),
        ("a1", "problem_analysis", True),  # due 2026-02-15
        ("b1", "problem_analysis", True),  # due 2026-02-17
        ("a2", "problem_analysis", False),  # due 2026-02-22, in the period
    ]


def test_concurrent_records_on_one_case_are_all_kept_in_order(store_url: str) -> None:
    """Threads recording on one case: each event judged on the fresh log, none lost."""
    clock = FrozenClock(D(2026, 6, 1))
    with Engine.open(store_url, clock=clock) as engine:
        engine.open_case("emp-c", D(2026, 1, 5), actor="hr", case_id="cc")
        engine.record("cc", {"type": "plan_of_approach_agreed", "effective": "2026-02-20"},
                      actor="t")  # fmt: skip
        errors: list[BaseException] = []

        def worker(n: int) -> None:
            try:
                for i in range(5):
                    day = D(2026, 3, 1) + dt.timedelta(days=n * 5 + i)
                    engine.record("cc", {"type": "plan_evaluated", "effective": day.isoformat()},
                                  actor=f"w{n}")  # fmt: skip
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        timeline = engine.timeline("cc")
        assert [e.seq for e in timeline] == list(range(1, 23))  # sick report, plan, 20
        assert sum(e.type == "plan_evaluated" for e in timeline) == 20
        assert engine.verify() == []
