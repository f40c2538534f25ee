"""Signals of every open case, read a page of snapshots at a time, are each case's signals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock, IntegrityViolationError
from poortwachter.conversations import signals as signals_module
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.rules.calendar import default_calendar
from poortwachter.store.queries import open_case_id_pages
from poortwachter.store.schema import case_snapshots

D = dt.date
TODAY = D(2026, 4, 14)


@pytest.fixture
def engine(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    # Pages of two cases, so that paging is exercised with a handful of cases.
    monkeypatch.setattr(signals_module, "open_case_id_pages", partial(open_case_id_pages, page=2))
    clock = FrozenClock(D(2026, 1, 5))
    with Engine.open(store_url, clock=clock, conversation_policy=ConversationPolicy()) as opened:
        for i, back in enumerate((30, 38, 40, 41, 60, 90, 200)):
            first = TODAY - dt.timedelta(days=back)
            clock.set(first)
            manager = ("cm-a", "cm-b", None)[i % 3]
            opened.open_case(f"emp-{i}", first, manager, actor="hr", case_id=f"c-{i}")
        clock.set(TODAY)
        opened.record("c-5", {"type": "problem_analysis_completed", "effective": "2026-02-01"},
                      actor="hr")  # fmt: skip
        opened.record("c-6", {"type": "recovered", "effective": "2026-04-01"}, actor="hr")
        with opened.store.begin_write() as conn:  # one case without its snapshot: refolded
            conn.execute(case_snapshots.delete().where(case_snapshots.c.case_id == "c-2"))
        yield opened


def _each_case(engine: Engine, as_of: D | None) -> list[object]:
    found = [s for i in range(7) for s in engine.signals(case_id=f"c-{i}", as_of=as_of)]
    return sorted(found, key=lambda s: (s.since, s.case_id, s.kind))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "as_of", [None, TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=9)]
)
def test_every_open_case_s_signals_are_its_own(engine: Engine, as_of: D | None) -> None:
    every = engine.signals(as_of=as_of)
    assert every == _each_case(engine, as_of)
    assert {s.case_id for s in every} >= {"c-0", "c-2"}  # c-2 read from its log
    for manager in ("cm-a", "cm-b", "cm-x"):
        assert engine.signals(casemanager=manager, as_of=as_of) == [
            s for s in every if s.casemanager == manager
        ]


def test_a_damaged_snapshot_is_read_case_by_case(engine: Engine) -> None:
    before = engine.signals()
    if engine.store.dialect != "sqlite":
        pytest.skip("PostgreSQL's JSONB refuses malformed JSON")
    with engine.store.begin_write() as conn:
        conn.execute(sa.text("UPDATE case_snapshots SET snapshot = '{' WHERE case_id = 'c-4'"))
    with pytest.raises(IntegrityViolationError, match="c-4"):  # as when read on its own
        engine.signals()
    assert before


@given(
    start=st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)),
    span=st.integers(-5, 120),
    n=st.integers(0, 40),
)
def test_the_bounded_count_agrees_with_the_full_count(start: D, span: int, n: int) -> None:
    calendar = default_calendar(True)
    end = start + dt.timedelta(days=span)
    full = signals_module.working_days_between(start, end, calendar)
    assert signals_module._more_working_days_than(n, start, end, calendar) is (full > n)
