"""Fixtures for the reminder tests: a policy builder and an engine on a frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify.policy import ReminderPolicy, load_policy

POST = "tests.notify.receiver:PostChannel"


def policy_with(**changes: Any) -> ReminderPolicy:
    """The shipped policy with top-level keys replaced (validated like a file)."""
    data = load_policy().model_dump(mode="json")
    data.update(changes)
    return ReminderPolicy.from_data(data, "test-policy")


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
