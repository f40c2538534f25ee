"""Benchmark: the reminder outbox and its sweep, each against a baseline in the same run.

Run: ``PYTHONPATH=. .venv/bin/python bench/reminders_bench.py [--only plan,sweep,kill]``
(``--help`` lists the sizes). Not part of the tests. PostgreSQL (for the sweep with two
workers) needs a server::

    export POORTWACHTER_PGTEST_DIR=/tmp/pgbench
    export POORTWACHTER_TEST_PG_URL=$(scripts/pg-test-server start)
    PYTHONPATH=. .venv/bin/python bench/reminders_bench.py --sweep-rows 1000000
    scripts/pg-test-server stop

1. **Planning** ``--cases`` cases' reminders into the outbox (the planner over each case's
   seven legal moments, then :class:`OutboxHook` writing them: one transaction per case as an
   append does, and in bulk, 500 cases per transaction, as re-planning a database would)
   against adding *the same reminders* as one APScheduler 3 date job each to its
   ``SQLAlchemyJobStore`` on the same database: as shipped, and on SQLite also with
   poortwachter's connection set-up (WAL). Aim: the outbox at least 20x faster.
2. **Sweep** of ``--sweep-rows`` due reminders with two workers (two processes, each its own
   :class:`Sweep` with its own worker id; a channel that accepts at once) against a bare
   claim-and-acknowledge loop on the same table in the same run: the same claim statement
   (CTE, ``FOR UPDATE SKIP LOCKED``, lease) and one ``UPDATE … WHERE key IN`` per batch, also
   with two processes, no history and no grouping. Aim (PostgreSQL): >= 70 % of the bare rate.
   On SQLite it runs with one worker each (SQLite has one writer).
3. **Scaling** (PostgreSQL): one worker process against two, each message an HTTP POST to a
   real receiver on 127.0.0.1 (``--scaling-rows``). Aim: two workers at least 1.6x one.
4. **kill -9 trials** (``--kill-trials``): a ``poortwachter run`` process delivering to a real
   HTTP receiver on 127.0.0.1 is killed mid-delivery and restarted; reported: reminders lost,
   repeated on the wire, repeated after deduplication by key, and the longest time to rescue.

Wall time (``time.perf_counter``): half of the work is the database's or another process's.
Rounds take turns (A B A B …); tables show min / median / max.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from poortwachter.engine import Engine
from poortwachter.notify.channel import Channel, Delivery, Outcome
from poortwachter.notify.outbox import OutboxHook
from poortwachter.notify.planner import Moment, _shift, plan_case
from poortwachter.notify.policy import ReminderPolicy, load_policy
from poortwachter.notify.sweep import Sweep
from poortwachter.notify.worker import new_worker_id
from poortwachter.rules.calendar import default_calendar
from poortwachter.store import EventStore
from poortwachter.store.connection import connect
from poortwachter.store.schema import cases, reminder_attempts, reminders

ROOT = Path(__file__).resolve().parents[1]
#: Weeks after the first sick day of the seven legal actions (typical WVP due dates).
_WEEKS = {
    "problem_analysis": 6,
    "plan_of_approach": 8,
    "plan_evaluation": 14,
    "uwv_sick_report": 42,
    "first_year_evaluation": 52,
    "reintegration_report": 91,
    "wia_application": 93,
}


def line(label: str, times: Sequence[float], ops: int) -> str:
    lo, med, hi = min(times), statistics.median(times), max(times)
    return (
        f"  {label:<44} min {lo:8.3f}s  median {med:8.3f}s  max {hi:8.3f}s"
        f"  ({ops / med:,.0f}/s at the median)"
    )


def fresh_store(url: str) -> EventStore:
    store = EventStore.open(url)
    store.upgrade()
    return store


def seed_cases(store: EventStore, n: int, prefix: str) -> list[str]:
    """``n`` minimal ``cases`` rows (the outbox refers to them); not timed."""
    now = dt.datetime.now(dt.UTC)
    ids = [f"{prefix}{i:07d}" for i in range(n)]
    rows = [
        {
            "case_id": cid,
            "employee_ref": f"emp-{i}",
            "state": "sick",
            "casemanager": f"cm-{i % 50}",
            "first_sick_day": dt.date(2029, 1, 1),
            "version": 1,
            "head_hash": "0" * 64,
            "opened_at": now,
            "updated_at": now,
            "closed": False,
        }
        for i, cid in enumerate(ids)
    ]
    with store.begin_write() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(cases.insert(), rows[start : start + 5000])
    return ids


def moments_for(i: int) -> list[Moment]:
    first = dt.date(2029, 1, 1) + dt.timedelta(days=i % 700)
    return [
        Moment(kind, "1", first + dt.timedelta(weeks=weeks), legal_basis="art.")
        for kind, weeks in _WEEKS.items()
    ]


# -- 1. planning ---------------------------------------------------------------------------


def bench_plan(url_for: Callable[[str], str], args: argparse.Namespace) -> None:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    policy, calendar = load_policy(), default_calendar()
    n = args.cases
    outbox_times: list[float] = []
    bulk_times: list[float] = []
    aps_times: dict[str, list[float]] = {}
    reminders_per_round = 0
    for year in range(2028, 2033):  # load the holiday tables once, outside the clock
        calendar.is_working_day(dt.date(year, 1, 1))
    for round_no in range(args.rounds):
        _shift.cache_clear()  # every round plans from a cold cache
        # The outbox: plan and write each case in its own transaction (as an append does) ...
        store = fresh_store(url_for(f"outbox{round_no}"))
        ids = seed_cases(store, n, "c")
        hook = OutboxHook()
        start = time.perf_counter()
        plans = []
        for i, cid in enumerate(ids):
            plan = plan_case(
                cid, moments_for(i), casemanager=f"cm-{i % 50}", policy=policy, calendar=calendar
            )
            with store.begin_write() as conn:
                hook.write(conn, cid, 1, plan)
            plans.append(plan)
        outbox_times.append(time.perf_counter() - start)
        store.close()
        reminders_per_round = sum(len(p) for p in plans)
        # ... and in bulk, 500 cases per transaction (re-planning a whole database).
        _shift.cache_clear()
        store = fresh_store(url_for(f"bulk{round_no}"))
        ids = seed_cases(store, n, "c")
        start = time.perf_counter()
        for first in range(0, n, 500):
            chunk = {
                cid: (
                    1,
                    plan_case(
                        cid,
                        moments_for(i),
                        casemanager=f"cm-{i % 50}",
                        policy=policy,
                        calendar=calendar,
                    ),
                )
                for i, cid in enumerate(ids[first : first + 500], start=first)
            }
            with store.begin_write() as conn:
                hook.write_many(conn, chunk)
        bulk_times.append(time.perf_counter() - start)
        store.close()
        # APScheduler: the same reminders, one persistent date job each, in its job store as
        # shipped (its own engine for the URL) and, on SQLite, with poortwachter's connection
        # set-up (WAL, synchronous=NORMAL) as well.
        variants = [("shipped", sa.create_engine(url_for(f"aps{round_no}")))]
        if args.db == "sqlite":
            variants.append(("wal", connect(url_for(f"apswal{round_no}"))))
        for name, engine in variants:
            scheduler = BackgroundScheduler(
                jobstores={"default": SQLAlchemyJobStore(engine=engine)}, timezone=dt.UTC
            )
            scheduler.start(paused=True)
            start = time.perf_counter()
            for plan in plans:
                for notice in plan:
                    scheduler.add_job(
                        "builtins:print",
                        "date",
                        run_date=notice.send_at,
                        args=(notice.key,),
                        id=notice.key,
                        misfire_grace_time=None,
                    )
            aps_times.setdefault(name, []).append(time.perf_counter() - start)
            scheduler.shutdown(wait=False)
            engine.dispose()
    print(f"\n1. Planning {n} cases = {reminders_per_round} reminders ({args.db})")
    print(line("outbox (plan + write, 1 tx per case)", outbox_times, reminders_per_round))
    print(line("outbox bulk (500 cases per tx)", bulk_times, reminders_per_round))
    for name, times in aps_times.items():
        print(line(f"APScheduler job store ({name}), 1 job each", times, reminders_per_round))
        for label, ours in (("per case", outbox_times), ("bulk", bulk_times)):
            ratios = sorted(a / o for a, o in zip(times, ours, strict=True))
            print(
                f"    outbox ({label}) faster by x{statistics.median(ratios):.1f} (rounds: "
                f"min x{ratios[0]:.1f}, max x{ratios[-1]:.1f}; aim >= x20)"
            )


# -- 2. sweep ------------------------------------------------------------------------------


class Accept:
    """A channel that accepts every message at once (the sweep's own cost is measured)."""

    name = "accept"

    def deliver(self, delivery: Delivery) -> Outcome:
        return Outcome(True)


def fill_due(store: EventStore, rows: int) -> None:
    """``rows`` due reminders over ``rows // 25`` cases, written in bulk (not timed)."""
    per_case = 25
    ids = seed_cases(store, (rows + per_case - 1) // per_case, "s")
    due = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    batch: list[dict[str, Any]] = []
    with store.begin_write() as conn:
        for i in range(rows):
            cid = ids[i // per_case]
            batch.append(
                {
                    "key": f"{cid}/agreement/{i}/on_day",
                    "case_id": cid,
                    "reason": "agreement",
                    "occurrence": str(i),
                    "step": "on_day",
                    "recipient": f"cm-{i % 50}",
                    "due_on": due.date(),
                    "plan_on": due.date(),
                    "send_at": due + dt.timedelta(seconds=i % 3600),
                    "legal_basis": "",
                    "rule_version": "",
                    "details": {},
                    "plan_hash": "0" * 32,
                    "in_plan": True,
                    "planned_version": 1,
                    "state": "pending",
                    "next_attempt_at": due + dt.timedelta(seconds=i % 3600),
                    "attempts": 0,
                    "failures": 0,
                }
            )
            if len(batch) == 5000:
                conn.execute(reminders.insert(), batch)
                batch = []
        if batch:
            conn.execute(reminders.insert(), batch)
    if store.dialect == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE reminders")


def reset(store: EventStore) -> None:
    with store.begin_write() as conn:
        conn.execute(
            reminders.update().values(
                state="pending", claimed_by=None, lease_until=None, sent_at=None, attempts=0
            )
        )
        conn.execute(reminder_attempts.delete())
    if store.dialect == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE reminders")


def bare_worker(store: EventStore, now: dt.datetime, batch: int) -> None:
    """The floor: the same claim statement, then one UPDATE per batch; nothing else."""
    r = reminders.c
    worker = new_worker_id()
    due = (
        sa.select(r.key)
        .where(
            r.state == "pending",
            r.next_attempt_at <= now,
            sa.or_(r.lease_until.is_(None), r.lease_until < now),
        )
        .order_by(r.next_attempt_at, r.key)
        .limit(batch)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    claim = (
        reminders.update()
        .where(r.key == due.c.key)
        .values(
            claimed_by=worker, lease_until=now + dt.timedelta(seconds=60), attempts=r.attempts + 1
        )
        .returning(r.key)
    )
    while True:
        with store.begin_write() as conn:
            keys = list(conn.execute(claim).scalars())
        if not keys:
            return
        with store.begin_write() as conn:
            conn.execute(
                reminders.update()
                .where(r.key.in_(keys), r.claimed_by == worker)
                .values(state="sent", sent_at=now, claimed_by=None, lease_until=None)
            )


_NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def _sweep_process(url: str, kind: str, ready: Any, go: Any, receiver_url: str = "") -> None:
    """One worker process: open its own store, wait for the start, sweep until nothing is due.

    ``kind``: ``sweep`` (a channel that accepts at once), ``post`` (an HTTP POST per message to
    ``receiver_url``) or ``bare`` (the bare claim-and-acknowledge loop)."""
    sys.path.insert(0, str(ROOT))
    from tests.notify.receiver import PostChannel

    store = EventStore.open(url)
    policy = ReminderPolicy.from_data(
        {**load_policy().model_dump(mode="json"), "catch_up": "deliver"}, "bench"
    )
    channel: Channel = PostChannel(receiver_url) if kind == "post" else Accept()
    sweep = Sweep(store, policy, lambda _n: channel, lambda: _NOW, new_worker_id())
    ready.release()
    go.wait()
    if kind in ("sweep", "post"):
        sweep.run_once()
    else:
        bare_worker(store, _NOW, policy.delivery.batch_size)
    store.close()


def processes(url: str, kind: str, workers: int, receiver_url: str = "") -> float:
    """Wall time of ``workers`` worker processes, from a common start until the last is done
    (start-up and imports excluded): a worker is a process in production, not a thread."""
    ctx = multiprocessing.get_context("spawn")
    ready, go = ctx.Semaphore(0), ctx.Event()
    running = [
        ctx.Process(target=_sweep_process, args=(url, kind, ready, go, receiver_url))
        for _ in range(workers)
    ]
    for p in running:
        p.start()
    for _ in running:
        ready.acquire()
    start = time.perf_counter()
    go.set()
    for p in running:
        p.join()
    elapsed = time.perf_counter() - start
    if any(p.exitcode for p in running):
        raise SystemExit(f"a {kind} worker failed")
    return elapsed


def bench_sweep(url: str, args: argparse.Namespace) -> None:
    store = fresh_store(url)
    rows = args.sweep_rows
    fill_due(store, rows)
    workers = 2 if store.dialect == "postgresql" else 1
    sweep_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(args.rounds):
        reset(store)
        sweep_times.append(processes(url, "sweep", workers))
        with store.engine.connect() as conn:
            sent = conn.execute(
                sa.select(sa.func.count()).where(reminders.c.state == "sent")
            ).scalar_one()
        assert sent == rows, f"the sweep delivered {sent} of {rows}"
        reset(store)
        bare_times.append(processes(url, "bare", workers))
    store.close()
    ratios = sorted(b / s for s, b in zip(sweep_times, bare_times, strict=True))
    print(
        f"\n2. Sweep of {rows} due reminders, {workers} worker process(es) each ({store.dialect})"
    )
    print(line("bare claim + ack loop", bare_times, rows))
    print(line("Sweep (claim, group, deliver, ack, history)", sweep_times, rows))
    print(
        f"  sweep at {statistics.median(ratios):.0%} of the bare rate (rounds: "
        f"{ratios[0]:.0%}..{ratios[-1]:.0%}; aim >= 70% on PostgreSQL)"
    )


def bench_scaling(url: str, args: argparse.Namespace) -> None:
    """Two workers against one, each message a POST to a real HTTP receiver on 127.0.0.1."""
    sys.path.insert(0, str(ROOT))
    from tests.notify.receiver import receiver_server

    store = fresh_store(url)
    rows = args.scaling_rows
    fill_due(store, rows)
    one: list[float] = []
    two: list[float] = []
    with receiver_server() as receiver:
        for _ in range(args.rounds):
            for times, workers in ((one, 1), (two, 2)):
                reset(store)
                times.append(processes(url, "post", workers, receiver.url))
        assert len(receiver.distinct_notices()) == rows
    store.close()
    ratios = sorted(o / t for o, t in zip(one, two, strict=True))
    print(f"\n3. Delivering {rows} reminders to a local HTTP receiver ({store.dialect})")
    print(line("one worker process", one, rows))
    print(line("two worker processes", two, rows))
    print(
        f"  two workers x{statistics.median(ratios):.2f} the rate of one (rounds: "
        f"x{ratios[0]:.2f}..x{ratios[-1]:.2f}; aim >= x1.6)"
    )


# -- 4. kill -9 trials ---------------------------------------------------------------------


def kill_trials(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.notify.receiver import receiver_server

    lease, interval = 3.0, 0.5
    lost_total = wire_repeats = deduped_repeats = 0
    rescue: list[float] = []
    rng = random.Random(11)
    with receiver_server() as receiver, tempfile.TemporaryDirectory() as tmp:
        post = "tests.notify.receiver:PostChannel"
        data = load_policy().model_dump(mode="json")
        data.update(
            catch_up="deliver",
            recipients={"default": {"channel": post, "mode": "instant"}},
            channels={post: {"url": receiver.url}},
            delivery={**data["delivery"], "lease_seconds": lease, "batch_size": 5},
        )
        policy_file = Path(tmp) / "policy.yaml"
        policy_file.write_text(yaml.safe_dump(data))
        policy = ReminderPolicy.from_data(data, "bench")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "POORTWACHTER_REMINDERS": str(policy_file)}
        env.pop("POORTWACHTER_NOW", None)
        for trial in range(args.kill_trials):
            db = Path(tmp) / f"kill{trial}.db"
            today = dt.datetime.now(dt.UTC).date()
            with Engine.open(f"sqlite:///{db}", reminder_policy=policy) as engine:
                for i in range(4):
                    engine.open_case(f"emp-{i}", today - dt.timedelta(days=60 + i), f"cm-{i}",
                                     actor="bench", case_id=f"k{i}")  # fmt: skip
                due = {r.notice.key for r in engine.reminders.rows(state="pending")
                       if r.notice.send_at <= dt.datetime.now(dt.UTC)}  # fmt: skip
            with receiver.lock:
                receiver.keys.clear()
                receiver.notices.clear()
            receiver.delay = 0.05
            command = [sys.executable, "-m", "poortwachter", "--db", str(db), "run",
                       "--interval", str(interval)]  # fmt: skip
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            first = subprocess.Popen(command, env=env, **quiet)  # type: ignore[call-overload]
            stop_after = rng.randint(1, max(1, len(due) - 2))
            limit = time.monotonic() + 60
            while len(receiver.keys) < stop_after and time.monotonic() < limit:
                time.sleep(0.005)
            first.send_signal(signal.SIGKILL)
            first.wait()
            killed = time.monotonic()
            second = subprocess.Popen(command, env=env, **quiet)  # type: ignore[call-overload]
            limit = time.monotonic() + 120
            while receiver.distinct_notices() < due and time.monotonic() < limit:
                time.sleep(0.01)
            rescue.append(time.monotonic() - killed)
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=60)
            lost_total += len(due - receiver.distinct_notices())
            wire_repeats += len(receiver.keys) - len(set(receiver.keys))
            deduped_repeats += 0 if len(set(receiver.keys)) == len(due) else 1
    print(
        f"\n4. kill -9 trials: {args.kill_trials} (lease {lease:g} s, sweep every {interval:g} s)"
    )
    print(f"  lost: {lost_total}; repeated on the wire: {wire_repeats}; "
          f"repeated after deduplication by key: {deduped_repeats}")  # fmt: skip
    print(
        f"  longest rescue (kill -> all delivered, incl. restart): {max(rescue):.2f} s; median "
        f"{statistics.median(rescue):.2f} s; bound lease + sweep = {lease + interval:g} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="plan,sweep,scaling,kill", help="plan,sweep,scaling,kill")
    parser.add_argument(
        "--scaling-rows", type=int, default=3000, help="reminders posted (PostgreSQL only)"
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default=None,
                        help="default: postgres when POORTWACHTER_TEST_PG_URL is set")  # fmt: skip
    parser.add_argument("--cases", type=int, default=60, help="cases to plan (issue: 100000)")
    parser.add_argument("--sweep-rows", type=int, default=20000,
                        help="due reminders to sweep (issue: 1000000 open cases)")  # fmt: skip
    parser.add_argument("--kill-trials", type=int, default=3, help="issue: 100")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pg = os.environ.get("POORTWACHTER_TEST_PG_URL")
    args.db = args.db or ("postgres" if pg else "sqlite")
    tmp = tempfile.mkdtemp(prefix="reminders-bench-")
    admin = (
        sa.create_engine(pg, isolation_level="AUTOCOMMIT") if args.db == "postgres" and pg else None
    )

    def url_for(name: str) -> str:
        if admin is None:
            return f"sqlite:///{tmp}/{name}.db"
        db = f"rb_{name}_{os.getpid()}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{db}"')
        return admin.url.set(database=db).render_as_string(hide_password=False)

    parts = set(args.only.split(","))
    if "plan" in parts:
        bench_plan(url_for, args)
    if "sweep" in parts:
        bench_sweep(url_for("sweep"), args)
    if "scaling" in parts and args.db == "postgres":
        bench_scaling(url_for("scaling"), args)
    if "kill" in parts:
        kill_trials(args)
    if admin is not None:
        with admin.connect() as conn:
            names = sa.text("SELECT datname FROM pg_database WHERE datname LIKE :pattern")
            for (name,) in conn.execute(names, {"pattern": f"rb_%_{os.getpid()}"}):
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
