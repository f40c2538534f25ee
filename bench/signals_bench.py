"""Benchmark: ``Engine.signals`` over many open cases, against the raw driver, in the same run.

Run: ``python bench/signals_bench.py [--pg URL] [--cases N] [--rounds R]``. Not part of the
tests. ``--cases`` open cases (default 2,000, 20 casemanagers) are made through
``Engine.open_case``/``record_many`` (so each has its stored snapshot), as in the agenda part of
``engine_bench.py``. Timed, the sides taking turns (A B A B …), min/median/max:

1. ``Engine.signals(casemanager=…)`` of one casemanager of 20 against the raw driver reading
   what it needs: that casemanager's open cases with their current snapshots
   (``SELECT … FROM cases JOIN case_snapshots …``) and ``json.loads`` of each;
2. ``Engine.signals()`` of every open case against the same raw read of every open case; the
   per-case cost is printed;
3. for comparison, the way signals were read before: every open case read on its own
   (``Engine._status``: one query and a restore per case), then filtered on the casemanager.

Timer: CPU time of this process on SQLite, wall time on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

_BENCH = Path(__file__).resolve().parent
if str(_BENCH) not in sys.path:
    sys.path.insert(0, str(_BENCH))

import engine_bench as eb  # noqa: E402

from poortwachter import Engine  # noqa: E402
from poortwachter.clock import FrozenClock  # noqa: E402
from poortwachter.conversations.signals import Signal, signals_of  # noqa: E402

RAW_SNAPSHOTS_SQL = (
    "SELECT c.case_id, {payload} FROM cases c JOIN case_snapshots s "
    "ON s.case_id = c.case_id AND s.version = c.version "
    "WHERE c.closed = {false}{where} ORDER BY c.case_id"
)


def signals_before(engine: Engine, casemanager: str | None) -> list[Signal]:
    """``Engine.signals`` as it read the cases before: each open case on its own."""
    out: list[Signal] = []
    for cid in engine.store.iter_case_ids(include_closed=False):
        status, day = engine._status(cid, None)
        manager = status.fold.casemanager
        if casemanager is not None and manager != casemanager:
            continue
        deadlines = engine.rules.deadlines(status.fold.facts(), day)
        out += signals_of(
            cid,
            manager,
            status.fold,
            status.conversations,
            deadlines,
            day,
            engine.rules.calendar,
            engine.conversation_policy,
        )
    return sorted(out, key=lambda s: (s.since, s.case_id, s.kind))


def bench_signals(db: eb.Db, args: argparse.Namespace) -> None:
    which = "CPU time of this process" if db.cpu else "wall time"
    print(f"\n=== {db.name}: {which}, {max(5, args.rounds)} rounds, sides taking turns ===")
    today = dt.date(2026, 6, 1)
    clock = FrozenClock(today)
    engine = Engine.open(db.url, clock=clock)
    raw = db.connect()
    try:
        eb.load_engine(engine, clock, args.cases, today)
        snapshot = "s.snapshot" if db.placeholder == "?" else "s.snapshot::text"
        one_sql = RAW_SNAPSHOTS_SQL.format(
            payload=snapshot, false=db.false, where=f" AND c.casemanager = {db.placeholder}"
        )
        all_sql = RAW_SNAPSHOTS_SQL.format(payload=snapshot, false=db.false, where="")
        cm = eb.AGENDA_CM
        one = raw.execute(one_sql, (cm,)).fetchall()
        every = raw.execute(all_sql).fetchall()
        mine = engine.signals(casemanager=cm)
        assert mine == signals_before(engine, cm), "Engine.signals differs from the old read"
        assert engine.signals() == signals_before(engine, None)
        assert {s.case_id for s in mine} <= {row[0] for row in one}

        def raw_read(sql: str, binds: tuple[Any, ...]) -> Callable[[int], None]:
            def side(_round: int) -> None:
                for _, text in raw.execute(sql, binds).fetchall():
                    json.loads(text)

            return side

        def call(fn: Callable[[], object]) -> Callable[[int], None]:
            return lambda _round: fn() and None

        rounds = max(5, args.rounds)
        raw_one, eng_one, old_one = eb.turns(
            [
                raw_read(one_sql, (cm,)),
                call(lambda: engine.signals(casemanager=cm)),
                call(lambda: signals_before(engine, cm)),
            ],
            rounds,
            db.timer,
        )
        raw_all, eng_all = eb.turns([raw_read(all_sql, ()), call(engine.signals)], rounds, db.timer)
    finally:
        raw.close()
        engine.close()
    print(
        f"\nEngine.signals over {args.cases:,} open cases ({len(one)} of {cm}, 1 of 20; "
        f"{len(mine)} signals for {cm})"
    )
    print(eb.header(""))
    print(eb.stats_line(f"raw driver: {cm}'s snapshots + json.loads", raw_one, 1))
    print(eb.stats_line(f"Engine.signals(casemanager={cm})", eng_one, 1))
    print(eb.stats_line("before: every open case read on its own", old_one, 1))
    print(eb.ratio_line("ratio Engine.signals(cm)/raw (per round)", eng_one, raw_one, 3))
    print(eb.ratio_line("ratio before/raw (per round)", old_one, raw_one, 3))
    print(eb.stats_line("raw driver: every snapshot + json.loads", raw_all, 1))
    print(eb.stats_line("Engine.signals() of every open case", eng_all, 1))
    print(eb.ratio_line("ratio Engine.signals()/raw (per round)", eng_all, raw_all, 3))
    per_case = sorted(1e6 * t / len(every) for t in eng_all)
    print(f"  per open case: {per_case[0]:.0f} / {per_case[len(per_case) // 2]:.0f} / "
          f"{per_case[-1]:.0f} µs (min/median/max)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL server")
    parser.add_argument("--no-sqlite", action="store_true", help="with --pg: PostgreSQL only")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (at least 5)")
    parser.add_argument("--cases", type=int, default=2_000, help="open cases")
    args = parser.parse_args()
    if not args.no_sqlite:
        with eb.sqlite_db() as db:
            bench_signals(db, args)
    if args.pg:
        with eb.postgres_db(args.pg) as db:
            bench_signals(db, args)


if __name__ == "__main__":
    main()
