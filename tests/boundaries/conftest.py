"""Fixtures of the boundary suites: one engine on a real SQLite file with one known case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from poortwachter import Engine, FrozenClock

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "boundaries.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """An engine with case ``k1`` (sick since 2026-03-02, casemanager ``cm-1``)."""
    with Engine.open(f"sqlite:///{db_path}", clock=FrozenClock(TODAY)) as opened:
        opened.open_case("emp-1", dt.date(2026, 3, 2), "cm-1", actor="hr", case_id="k1")
        yield opened
