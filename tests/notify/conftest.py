"""Fixtures for the reminder tests: an engine on a frozen clock and a database URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify.policy import load_policy


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'reminders.db'}"


@pytest.fixture
def engine(db_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(db_url, clock=clock, reminder_policy=load_policy()) as engine:
        yield engine
