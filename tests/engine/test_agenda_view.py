"""The planning views of the Engine on a real database: agenda sections, next step, case list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock
from poortwachter.agenda import window_kinds
from poortwachter.decision import Rules
from poortwachter.errors import InvalidEventError, InvalidQueryError
from poortwachter.events import Recovered, SickReported
from poortwachter.rules import RuleOptions, compute_deadlines
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.parameters import default_parameters

D = dt.date


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(D(2026, 1, 5))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock) as opened:
        # a1: sick Mon 5 Jan 2026 -> probleemanalyse due Sun 15 Feb (plan on Fri 13 Feb).
        opened.open_case("e1", D(2026, 1, 5), "anna", actor="hr", case_id="a1")
        clock.set(D(2026, 1, 12))
        # a2: sick Mon 12 Jan -> probleemanalyse due Sun 22 Feb.
        opened.open_case("e2", D(2026, 1, 12), "anna", actor="hr", case_id="a2")
        # b1: sick Wed 7 Jan, casemanager bram -> probleemanalyse due Tue 17 Feb.
        opened.open_case("e3", D(2026, 1, 7), "bram", actor="hr", case_id="b1")
        # The arbodienst was informed on the first sick day (the practice reminder of
        # docs/legal-basis.md #22 is met), so the agenda starts with the legal actions.
        for case_id, first in (("a1", "2026-01-05"), ("a2", "2026-01-12"), ("b1", "2026-01-07")):
            opened.record(case_id, {"type": "company_doctor_reported", "effective": first},
                          actor="hr")  # fmt: skip
        yield opened


def test_overdue_actions_show_whatever_the_period(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 16))  # Monday
    items = engine.agenda("anna", D(2026, 3, 1), D(2026, 3, 10))
    assert [(i.case_id, i.kind, i.status) for i in items] == [
        ("a1", "problem_analysis", "overdue"),  # due Sun 15 Feb, before the period
        ("a1", "plan_of_approach", "soon"),  # due Sun 1 Mar, plan on Fri 27 Feb
        ("a2", "plan_of_approach", "upcoming"),  # due Sun 8 Mar, plan on Fri 6 Mar
    ]
    first, second, _ = items
    assert (first.due, first.plan_on, first.overdue) == (D(2026, 2, 15), D(2026, 2, 13), True)
    assert (second.due, second.plan_on) == (D(2026, 3, 1), D(2026, 2, 27))
    assert first.status_label == "te laat"
    assert second.status_label == "binnenkort"
    english = engine.agenda("anna", D(2026, 3, 1), D(2026, 3, 10), language="en")
    assert [i.status_label for i in english] == ["overdue", "soon", "upcoming"]
    assert english[0].label == "Problem analysis"
    assert english[0].state_label == "reported sick"


def test_the_horizon_of_soon_is_a_parameter(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 16))
    statuses = [i.status for i in engine.agenda("anna", end=D(2026, 3, 10), soon_days=4)]
    assert statuses == ["overdue", "soon", "upcoming", "upcoming"]  # a2's analysis on Fri 20
    engine.soon_days = 0
    assert [i.status for i in engine.agenda("anna", end=D(2026, 3, 10))][1:] == ["upcoming"] * 3
    with pytest.raises(InvalidQueryError):
        engine.agenda("anna", soon_days=-1)


def test_the_period_ends_on_the_working_day_to_plan_on(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 9))
    # a1's probleemanalyse is due Sun 15 Feb and planned on Fri 13 Feb: in a period to Friday.
    items = engine.agenda("anna", end=D(2026, 2, 13))
    assert [(i.case_id, i.due, i.plan_on) for i in items] == [
        ("a1", D(2026, 2, 15), D(2026, 2, 13))
    ]
    assert engine.agenda("anna", end=D(2026, 2, 12)) == []


def test_limit_is_per_section_and_the_stream_is_lazy(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 18))  # a1 (15 Feb) and b1 (17 Feb) overdue
    items = engine.agenda(limit=1)
    assert [(i.case_id, i.overdue) for i in items] == [("a1", True), ("a2", False)]
    stream = engine.iter_agenda()
    assert iter(stream) is stream  # an iterator, read as it is consumed
    assert next(stream).case_id == "a1"


def test_first_year_evaluation_carries_its_window_start(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 11, 30))
    [eje] = [i for i in engine.agenda("anna", end=D(2027, 1, 31)) if i.case_id == "a1"
             and i.kind == "first_year_evaluation"]  # fmt: skip
    wanted = {d.kind.value: d for d in engine.deadlines("a1")}["first_year_evaluation"]
    # Sick weeks 46-52 from Mon 5 Jan 2026: day 316 is Mon 16 Nov, day 364 Sun 3 Jan 2027.
    assert (
        (eje.window_start, eje.due)
        == (D(2026, 11, 16), D(2027, 1, 3))
        == (
            wanted.window_start,
            wanted.due,
        )
    )
    assert eje.plan_on == D(2026, 12, 31)  # Sat 2 Jan, Fri 1 Jan (Nieuwjaarsdag) -> Thu 31 Dec
    assert eje.status == "due"  # the window is open
    kinds = window_kinds(engine.rules)
    assert all(i.window_start is None for i in engine.agenda() if i.kind not in kinds)


def test_a_window_that_opens_in_the_period_brings_its_action(
    engine: Engine, clock: FrozenClock
) -> None:
    """Eerstejaarsevaluatie windows: a1 Mon 16 Nov 2026 - Sun 3 Jan 2027, a2 Mon 23 Nov -
    Sun 10 Jan. Due after the period, they still show when they can be done in it."""

    def eje(end: dt.date) -> list[tuple[str, dt.date | None, str]]:
        return [
            (i.case_id, i.window_start, i.status)
            for i in engine.agenda("anna", end=end)
            if i.kind == "first_year_evaluation"
        ]

    clock.set(D(2026, 11, 2))
    assert eje(D(2026, 11, 20)) == [("a1", D(2026, 11, 16), "upcoming")]  # a2 opens later
    assert eje(D(2026, 11, 13)) == []
    clock.set(D(2026, 12, 1))  # both windows open: the morning agenda must show them
    assert eje(D(2026, 12, 28)) == [
        ("a1", D(2026, 11, 16), "due"),
        ("a2", D(2026, 11, 23), "due"),
    ]


def test_only_the_window_kinds_have_a_window() -> None:
    """The agenda asks a case for a window start only for window_kinds: no other has one."""
    kinds = window_kinds(Rules(default_parameters(), RuleOptions(), default_calendar(True)))
    assert "first_year_evaluation" in kinds
    for first in (D(2024, 2, 29), D(2025, 5, 5), D(2026, 1, 5)):
        for events in (
            [SickReported(effective=first)],
            [
                SickReported(effective=first),
                Recovered(effective=first + dt.timedelta(days=30)),
                SickReported(effective=first + dt.timedelta(days=45)),
            ],
        ):
            deadlines = compute_deadlines(
                events, as_of=first + dt.timedelta(days=60), options=RuleOptions()
            )
            with_window = {d.kind.value for d in deadlines if d.window_start is not None}
            assert with_window <= kinds


def test_case_view_ends_with_the_next_step(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 16))
    view = engine.case("a1")
    assert view.next_step is not None
    assert (view.next_step.kind, view.next_step.status) == ("problem_analysis", "overdue")
    assert [a.due for a in view.open_actions] == sorted(a.due for a in view.open_actions)
    assert view.soon_working_days == 10
    engine.record("a1", {"type": "problem_analysis_completed", "effective": "2026-02-16"},
                  actor="anna")  # fmt: skip
    view = engine.case("a1", language="en")
    assert view.next_step is not None
    assert (view.next_step.kind, view.next_step.label) == ("plan_of_approach", "Plan of approach")
    assert (view.next_step.due, view.next_step.plan_on) == (D(2026, 3, 1), D(2026, 2, 27))
    past = engine.case("a1", as_of=D(2026, 1, 20))  # statuses seen from the as-of date
    assert past.next_step is not None
    assert past.next_step.status == "upcoming"


def test_case_list_filters(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 16))
    assert [c.case_id for c in engine.cases()] == ["a1", "a2", "b1"]
    assert [c.case_id for c in engine.cases(casemanager="anna")] == ["a1", "a2"]
    assert [c.case_id for c in engine.cases(employee_ref="e3")] == ["b1"]
    assert [c.case_id for c in engine.cases(state="problem_analysed")] == []
    [a1] = engine.cases(employee_ref="e1")
    assert a1.next_step is not None
    assert (a1.next_step.kind, a1.next_step.status, a1.state_label) == (
        "problem_analysis",
        "overdue",
        "ziekgemeld",
    )
    engine.record("b1", {"type": "case_closed", "effective": "2026-02-16", "reason": "other"},
                  actor="bram")  # fmt: skip
    assert [c.case_id for c in engine.cases()] == ["a1", "a2"]
    assert [c.case_id for c in engine.cases(state="closed")] == ["b1"]
    assert [c.case_id for c in engine.cases(include_closed=True)] == ["a1", "a2", "b1"]
    # Refused when asked, before anything is read.
    with pytest.raises(InvalidEventError, match="looks like a BSN"):
        engine.cases(employee_ref="123456782")
    with pytest.raises(InvalidQueryError, match="expected one of new, reported_sick"):
        engine.cases(state="ziek")
    with pytest.raises(InvalidQueryError, match="0 to 260"):
        engine.iter_agenda(soon_days=261)


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Twelve cases over 2025-2026 for two casemanagers, one closed (SQLite)."""
    clock = FrozenClock(D(2026, 12, 31))
    url = f"sqlite:///{tmp_path_factory.mktemp('agenda') / 'agenda.db'}"
    with Engine.open(url, clock=clock) as opened:
        for n in range(12):
            first = D(2025, 1, 6) + dt.timedelta(days=53 * n)
            who = "anna" if n % 3 else "bram"
            opened.open_case(f"e{n}", first, who, actor="hr", case_id=f"c{n:02d}")
            if n % 4 == 1:
                opened.record(f"c{n:02d}", {"type": "problem_analysis_completed",
                              "effective": (first + dt.timedelta(days=30)).isoformat()},
                              actor=who)  # fmt: skip
        opened.record("c05", {"type": "case_closed", "effective": "2026-12-01",
                      "reason": "other"}, actor="anna")  # fmt: skip
        yield opened


dates = st.dates(min_value=D(2024, 12, 1), max_value=D(2027, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    today=dates,
    start=st.none() | dates,
    end=st.none() | dates,
    casemanager=st.sampled_from([None, "anna", "bram", "nobody"]),
)
def test_the_agenda_is_every_overdue_action_then_the_period(
    populated: Engine,
    today: dt.date,
    start: dt.date | None,
    end: dt.date | None,
    casemanager: str | None,
) -> None:
    """Against a plain reading of every open action (the store's own unfiltered rows)."""
    clock = populated.clock
    assert isinstance(clock, FrozenClock)
    clock.set(today)
    every = populated.store.agenda_rows(casemanager=casemanager)
    first = today if start is None else max(start, today)
    overdue = [(r.case_id, r.kind) for r in every if r.due < today]
    plan_on = populated.rules.calendar.previous_working_day
    period = [
        (r.case_id, r.kind)
        for r in every
        if first <= r.due and (end is None or plan_on(r.due) <= end)
    ]
    if end is not None and (start is None or start <= end):
        # Then the actions due later whose window opens by the end of the period.
        windows = {
            (case_id, d.kind.value): d.window_start
            for case_id in {r.case_id for r in every}
            for d in populated.deadlines(case_id)
        }
        period += [
            (r.case_id, r.kind)
            for r in every
            if first <= r.due
            and plan_on(r.due) > end
            and (windows[r.case_id, r.kind] or dt.date.max) <= end
        ]
    items = populated.agenda(casemanager, start, end)
    assert [(i.case_id, i.kind) for i in items] == overdue + period
    assert [i.overdue for i in items] == [True] * len(overdue) + [False] * len(period)
    for item in items:
        assert item.plan_on <= item.due
        assert populated.rules.calendar.is_working_day(item.plan_on)
        assert (item.status == "overdue") == item.overdue
        assert item.window_start is None or item.kind in window_kinds(populated.rules)
