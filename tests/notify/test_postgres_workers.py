"""Several workers on a real PostgreSQL server: ``FOR UPDATE SKIP LOCKED`` claims mean no
reminder is delivered twice, and every one is delivered.

Needs ``POORTWACHTER_TEST_PG_URL`` (``scripts/pg-test-server start``); skipped without it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify.channel import Delivery, Outcome
from poortwachter.notify.sweep import Sweep, claim
from poortwachter.notify.worker import Worker, new_worker_id
from tests.notify.policies import policy_with

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_admin_engine: sa.Engine) -> Iterator[str]:
    import uuid

    name = f"t_{uuid.uuid4().hex}"
    with pg_admin_engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_admin_engine.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with pg_admin_engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Tally:
    """A receiver in memory that counts every message key and reminder it is handed."""

    name = "tally"

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.notices: Counter[str] = Counter()

    def deliver(self, delivery: Delivery) -> Outcome:
        with self.lock:
            self.notices.update(n.key for n in delivery.notices)
        return Outcome(True)


def test_three_workers_never_deliver_a_reminder_twice(pg_url: str) -> None:
    clock = FrozenClock(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC))
    policy = policy_with(catch_up="deliver", delivery={"batch_size": 7})
    with Engine.open(pg_url, clock=clock, reminder_policy=policy) as engine:
        for i in range(40):
            engine.open_case(f"emp-{i}", dt.date(2026, 1, 5) + dt.timedelta(days=i * 3),
                             f"cm-{i % 5}", actor="t", case_id=f"p{i}")  # fmt: skip
        due = {r.notice.key for r in engine.reminders.rows(state="pending")
               if r.notice.send_at <= clock.now()}  # fmt: skip
        assert len(due) > 200
        tally = Tally()
        sweeps = [
            Sweep(engine.store, policy, lambda _n: tally, clock.now, new_worker_id())
            for _ in range(3)
        ]
        threads = [threading.Thread(target=s.run_once) for s in sweeps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert set(tally.notices) == due
        assert max(tally.notices.values()) == 1
        with engine.store.engine.connect() as conn:
            workers = conn.execute(
                sa.text("SELECT count(DISTINCT sent_by) FROM reminders")
            ).scalar_one()
        assert workers >= 2  # the work was really shared


def test_claims_skip_rows_another_worker_holds(pg_url: str) -> None:
    clock = FrozenClock(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC))
    with Engine.open(pg_url, clock=clock, reminder_policy=policy_with()) as engine:
        engine.open_case("emp-1", dt.date(2026, 1, 5), "cm-a", actor="t", case_id="q1")
        first = claim(engine.store, "w-a", clock.now(), 60, 3)
        second = claim(engine.store, "w-b", clock.now(), 60, 100)
        assert len(first) == 3
        assert not {r.notice.key for r in first} & {r.notice.key for r in second}
        assert all(r.attempts == 1 for r in first + second)


def test_notify_wakes_a_worker_before_its_next_tick(pg_url: str, tmp_path: Path) -> None:
    """The sweep polls every 60 s here; a reminder that becomes due now goes out at once."""
    policy = policy_with(
        catch_up="deliver",
        recipients={"default": {"channel": "capture", "mode": "instant"}},
        channels={"capture": {"path": str(tmp_path / "out.jsonl")}},
    )
    with Engine.open(pg_url, reminder_policy=policy) as engine:
        worker = Worker(engine, interval=60)
        thread = threading.Thread(target=worker.run, kwargs={"install_signals": False})
        thread.start()
        try:
            time.sleep(1.5)  # the first sweep (nothing due) has run; the next tick is 60 s away
            today = engine.clock.today()
            engine.open_case("emp-1", today - dt.timedelta(days=40), "cm-a", actor="t",
                             case_id="n1")  # fmt: skip
            deadline = time.monotonic() + 15
            while not (tmp_path / "out.jsonl").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert (tmp_path / "out.jsonl").exists()
        finally:
            worker.stop()
            thread.join(timeout=30)
        assert not thread.is_alive()
