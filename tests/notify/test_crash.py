"""Crash safety: kill -9 a worker process while it delivers; a restarted worker finishes.

Real parts only: a SQLite file, ``poortwachter run`` in a subprocess, and an HTTP receiver on
127.0.0.1 that takes its time per message, so the kill lands mid-delivery.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from poortwachter.engine import Engine
from tests.notify.policies import POST, policy_with
from tests.notify.receiver import receiver_server

ROOT = Path(__file__).resolve().parents[2]
LEASE = 2.0
INTERVAL = 0.3


def _worker(db: Path, policy: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POORTWACHTER_REMINDERS": str(policy)}
    env.pop("POORTWACHTER_NOW", None)
    return subprocess.Popen(
        [sys.executable, "-m", "poortwachter", "--db", str(db), "run", "--interval", str(INTERVAL)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_kill_9_during_delivery_loses_and_repeats_nothing(tmp_path: Path) -> None:
    with receiver_server() as receiver:
        policy = policy_with(
            catch_up="deliver",
            recipients={"default": {"channel": POST, "mode": "instant"}},
            channels={POST: {"url": receiver.url}},
            delivery={"lease_seconds": LEASE, "batch_size": 5, "sweep_interval_seconds": INTERVAL},
        )
        file = tmp_path / "policy.yaml"
        file.write_text(yaml.safe_dump(policy.model_dump(mode="json")))
        db = tmp_path / "crash.db"
        today = dt.datetime.now(dt.UTC).date()
        with Engine.open(f"sqlite:///{db}", reminder_policy=policy) as engine:
            for i in range(6):
                engine.open_case(f"emp-{i}", today - dt.timedelta(days=40), f"cm-{i}",
                                 actor="t", case_id=f"k{i}")  # fmt: skip
            due = {r.notice.key for r in engine.reminders.rows(state="pending")
                   if r.notice.send_at <= dt.datetime.now(dt.UTC)}  # fmt: skip
        assert len(due) >= 12
        receiver.delay = 0.15
        first = _worker(db, file)
        deadline = time.monotonic() + 60
        while len(receiver.keys) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)  # mid-batch: claims stay behind with their lease
        first.wait()
        killed_at = time.monotonic()
        assert receiver.distinct_notices() < due
        second = _worker(db, file)
        try:
            deadline = time.monotonic() + 60
            while receiver.distinct_notices() < due and time.monotonic() < deadline:
                time.sleep(0.05)
            rescued_after = time.monotonic() - killed_at
        finally:
            second.send_signal(signal.SIGTERM)  # a clean stop
            assert second.wait(timeout=30) == 0
        assert receiver.distinct_notices() == due  # nothing lost
        # At least once on the wire; once per key after deduplication.
        assert len(set(receiver.keys)) == len(due)
        duplicates = len(receiver.keys) - len(set(receiver.keys))
        assert duplicates <= 1  # at most the one message in flight at the kill
        assert rescued_after < LEASE + INTERVAL + 30  # lease + one sweep (+ start-up, 2 cores)
        with Engine.open(f"sqlite:///{db}", reminder_policy=policy) as engine:
            states = {r.notice.key: r.state for r in engine.reminders.rows()}
        assert all(states[key] == "sent" for key in due)
