"""The sweep against a real HTTP receiver on 127.0.0.1: retries, dead, re-drive, catch-up,
leases, digests and delegates."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from poortwachter.cli import run as cli_run
from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify.channels import ChannelCache
from poortwachter.notify.policy import ReminderPolicy
from poortwachter.notify.sweep import Sweep, claim
from tests.notify.policies import POST, policy_with
from tests.notify.receiver import Receiver, receiver_server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiver_server() as receiver:
        yield receiver


#: The shipped moments without the first week's practice moment (informing the bedrijfsarts):
#: these tests count on the probleemanalyse's reminders being the first ones due.
_MOMENTS = {
    reason: steps
    for reason, steps in policy_with().model_dump(mode="json")["moments"].items()
    if reason != "company_doctor_report"
}


def _policy(receiver: Receiver, **changes: object) -> ReminderPolicy:
    base: dict[str, object] = {
        "moments": _MOMENTS,
        "recipients": {"default": {"channel": POST, "mode": "instant"}},
        "channels": {POST: {"url": receiver.url}},
        "delivery": {"max_failures": 3, "backoff_base_seconds": 10, "lease_seconds": 60},
    }
    base.update(changes)
    return policy_with(**base)


def _sweep(
    engine: Engine, policy: ReminderPolicy, clock: FrozenClock, worker: str = "w-1"
) -> Sweep:
    return Sweep(engine.store, policy, ChannelCache(policy.channels), clock.now, worker)


def _open(db_url: str, clock: FrozenClock, policy: ReminderPolicy) -> Engine:
    engine = Engine.open(db_url, clock=clock, reminder_policy=policy)
    engine.open_case("emp-1", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c1")
    return engine


def test_a_failing_receiver_ends_in_dead_visible_and_retryable(
    db_url: str, clock: FrozenClock, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = _policy(receiver)
    with _open(db_url, clock, policy) as engine:
        key = "c1/problem_analysis/1/plan"  # due 2026-02-27, so due now
        receiver.status = 500
        sweep = _sweep(engine, policy, clock)
        for _ in range(3):
            sweep.run_once()
            row = engine.reminders.get(key)
            clock.advance(seconds=policy.delivery.backoff_cap_seconds)
        assert row.state == "dead"
        assert row.failures == 3
        assert row.last_error == "HTTP 500"
        assert [r.notice.key for r in engine.reminders.rows(state="dead")] == [key]
        assert receiver.keys == []
        # Re-drive with the CLI: the history stays, the receiver now accepts.
        receiver.status = 200
        monkeypatch.setenv("POORTWACHTER_NOW", clock.now().isoformat())
        assert cli_run(["--db", db_url, "reminders", "retry", "--dead"]) == 0
        sweep.run_once()
        row = engine.reminders.get(key)
        assert (row.state, row.sent_at, row.sent_by) == ("sent", clock.now(), "w-1")
        assert receiver.keys == [key]
        history = [a.outcome for a in engine.reminders.why(key).attempts]
        assert history == ["retry", "retry", "dead", "redriven"]


def test_a_permanent_refusal_is_dead_at_once(
    db_url: str, clock: FrozenClock, receiver: Receiver
) -> None:
    policy = _policy(receiver)
    with _open(db_url, clock, policy) as engine:
        receiver.status = 410
        _sweep(engine, policy, clock).run_once()
        row = engine.reminders.get("c1/problem_analysis/1/plan")
        assert (row.state, row.failures) == ("dead", 1)


def test_backoff_grows_and_is_jittered(db_url: str, clock: FrozenClock, receiver: Receiver) -> None:
    policy = _policy(receiver, delivery={"max_failures": 10, "backoff_base_seconds": 10})
    with _open(db_url, clock, policy) as engine:
        receiver.status = 503
        sweep = _sweep(engine, policy, clock)
        waits = []
        for failures in range(1, 5):
            sweep.run_once()
            row = engine.reminders.get("c1/problem_analysis/1/plan")
            wait = (row.next_attempt_at - clock.now()).total_seconds()
            assert 10 * 2 ** (failures - 1) / 2 <= wait <= 10 * 2 ** (failures - 1)
            waits.append(wait)
            clock.advance(seconds=wait)
        assert waits == sorted(waits)


def test_catch_up_after_three_days_delivers_everything_once_merged(
    db_url: str, clock: FrozenClock, receiver: Receiver
) -> None:
    policy = _policy(receiver)  # catch_up: merge
    with _open(db_url, clock, policy) as engine:
        _sweep(engine, policy, clock).run_once()
        receiver.keys.clear()
        receiver.notices.clear()
        clock.set(dt.datetime(2026, 3, 13, 15, 0, tzinfo=dt.UTC))  # down since 2 March
        due = {
            r.notice.key
            for r in engine.reminders.rows(state="pending")
            if r.notice.send_at <= clock.now()
        }
        assert len(due) >= 3
        _sweep(engine, policy, clock, "w-2").run_once()
        assert sorted(receiver.notices) == sorted(due)  # each once
        assert len(receiver.keys) == 1  # one catch-up message for cm-a
        assert receiver.keys[0].startswith("digest:")


def test_catch_up_can_deliver_each_reminder_on_its_own(
    db_url: str, clock: FrozenClock, receiver: Receiver
) -> None:
    policy = _policy(receiver, catch_up="deliver")
    with _open(db_url, clock, policy) as engine:
        clock.set(dt.datetime(2026, 3, 13, 15, 0, tzinfo=dt.UTC))
        _sweep(engine, policy, clock).run_once()
        assert sorted(receiver.keys) == sorted(receiver.notices)
        assert len(receiver.keys) == len(set(receiver.keys)) >= 4


def test_a_dead_workers_claims_are_taken_after_the_lease(
    db_url: str, clock: FrozenClock, receiver: Receiver
) -> None:
    policy = _policy(receiver)
    with _open(db_url, clock, policy) as engine:
        claimed = claim(engine.store, "w-dead", clock.now(), 60, 100)
        assert [r.notice.key for r in claimed] == ["c1/problem_analysis/1/plan"]
        other = _sweep(engine, policy, clock, "w-alive")
        assert other.run_once().claimed == 0  # still leased
        clock.advance(seconds=61)
        assert other.run_once().delivered == 1
        assert receiver.keys == ["c1/problem_analysis/1/plan"]
        assert engine.reminders.get("c1/problem_analysis/1/plan").attempts == 2


def test_digest_and_delegate(db_url: str, clock: FrozenClock, receiver: Receiver) -> None:
    policy = _policy(
        receiver,
        recipients={
            "default": {"channel": POST, "mode": "instant"},
            "cm-b": {"channel": POST, "mode": "digest"},
        },
        delegates=[
            {"absent": "cm-a", "delegate": "cm-b", "start": "2026-03-01", "end": "2026-03-31"}
        ],
    )
    with _open(db_url, clock, policy) as engine:
        engine.open_case("emp-2", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c2")
        _sweep(engine, policy, clock).run_once()
        # Both cases' reminders went to the vervanger, in one digest.
        assert len(receiver.keys) == 1
        assert sorted(receiver.notices) == [
            "c1/problem_analysis/1/plan",
            "c2/problem_analysis/1/plan",
        ]


def test_sweep_once_cli_honours_poortwachter_now(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    policy = _policy(receiver)
    file = tmp_path / "policy.yaml"
    file.write_text(yaml.safe_dump(policy.model_dump(mode="json")))
    db = str(tmp_path / "cli.db")
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-03-02T08:00:00+01:00")
    monkeypatch.setenv("POORTWACHTER_REMINDERS", str(file))
    args = ["--db", db]
    assert cli_run([*args, "case", "open", "--employee", "emp-1", "--first-sick-day", "2026-02-02",
                    "--casemanager", "cm-a", "--case-id", "c1"]) == 0  # fmt: skip
    assert cli_run([*args, "reminders", "sweep", "--once"]) == 0
    assert receiver.keys == ["c1/problem_analysis/1/plan"]
    assert cli_run([*args, "reminders", "why", "nope/x/1/plan"]) == 2
    assert cli_run([*args, "reminders", "retry"]) == 2


def test_a_slow_batch_keeps_its_lease_so_no_other_worker_takes_it(
    db_url: str, receiver: Receiver
) -> None:
    """Real clock: the batch takes longer than the lease; the heartbeat renews it."""
    from poortwachter.clock import SystemClock

    clock = SystemClock()
    policy = _policy(receiver, catch_up="deliver", delivery={"lease_seconds": 1.0})
    with Engine.open(db_url, clock=clock, reminder_policy=policy) as engine:
        today = clock.today()
        engine.open_case("emp-1", today - dt.timedelta(days=80), "cm-a", actor="t", case_id="s1")
        receiver.delay = 0.25
        first = Sweep(engine.store, policy, ChannelCache(policy.channels), clock.now, "w-slow")
        thread = threading.Thread(target=first.run_once)
        thread.start()
        time.sleep(1.6)  # past the first lease
        assert claim(engine.store, "w-other", clock.now(), 1.0, 100) == []
        thread.join()
        assert len(receiver.keys) >= 6
        assert len(receiver.keys) == len(set(receiver.keys))


def test_a_failed_digest_is_retried_as_one_digest(
    db_url: str, clock: FrozenClock, receiver: Receiver
) -> None:
    policy = _policy(
        receiver,
        recipients={
            "default": {"channel": POST, "mode": "digest"},
        },
    )
    with _open(db_url, clock, policy) as engine:
        engine.open_case("emp-2", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c2")
        receiver.status = 503
        sweep = _sweep(engine, policy, clock)
        sweep.run_once()
        rows = engine.reminders.rows(state="pending")
        retry_at = {r.next_attempt_at for r in rows if r.failures}
        assert len([r for r in rows if r.failures]) == 2
        assert len(retry_at) == 1  # one wait for the whole message
        receiver.status = 200
        clock.set(retry_at.pop())
        sweep.run_once()
        assert len(receiver.keys) == 1
        assert sorted(receiver.notices) == [
            "c1/problem_analysis/1/plan",
            "c2/problem_analysis/1/plan",
        ]


def test_run_once_prints_a_summary_and_json_logs(
    tmp_path: Path,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    import yaml

    file = tmp_path / "policy.yaml"
    file.write_text(yaml.safe_dump(_policy(receiver).model_dump(mode="json")))
    db = str(tmp_path / "run.db")
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-03-02T08:00:00+01:00")
    monkeypatch.setenv("POORTWACHTER_REMINDERS", str(file))  # the policy the appends plan with
    assert cli_run(["--db", db, "case", "open", "--employee", "emp-1", "--first-sick-day",
                    "2026-02-02", "--casemanager", "cm-a", "--case-id", "c1"]) == 0  # fmt: skip
    capsys.readouterr()
    assert cli_run(["--db", db, "--lang", "en", "run", "--once", "--policy", str(file)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("poortwachter run: database sqlite:///")
    assert "worker w-" in err[0]
    assert any("send time 07:30 (Europe/Amsterdam)" in line for line in err)
    assert any(line.startswith(f"  default: {POST}") for line in err)
    logs = [json.loads(line) for line in err if line.startswith("{")]
    delivered = [entry for entry in logs if entry.get("event") == "delivered"]
    assert [entry["key"] for entry in delivered] == ["c1/problem_analysis/1/plan"]
    assert err[-1].startswith("1 reminders claimed: 1 delivered")
    assert receiver.keys == ["c1/problem_analysis/1/plan"]
    assert cli_run(["--db", db, "reminders", "list", "--format", "json", "--state", "sent"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["key"] for row in listed] == ["c1/problem_analysis/1/plan"]
