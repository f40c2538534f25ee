"""What verifying every projection costs per case, against the chain-only walk.

Both sides run in the same process on the same SQLite file, taking turns each round (A B A B):

- ``chain``: ``EventStore.verify()``, the hash-chain walk alone (what ``audit verify`` did
  before it recomputed the projections);
- ``full``: ``Engine.verify()``: the chain walk plus every projection (``cases``,
  ``case_deadlines``, the snapshot, every hook) recomputed from the log and compared.

The cases are made through the public API (``Engine.open_case`` / ``record_many``) with a
frozen clock: a third with only the sick report, a third with a probleemanalyse, a third with a
plan van aanpak and two evaluations. CPU time (``time.process_time``); min / median / max per
case and the paired ratio full/chain per round.

    PYTHONPATH=. python bench/verify_bench.py --cases 300 --rounds 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from poortwachter import Engine, FrozenClock


def _load(engine: Engine, clock: FrozenClock, cases: int) -> None:
    start = dt.date(2025, 1, 6)
    for n in range(cases):
        first = start + dt.timedelta(days=n % 300)
        clock.set(first)
        case_id = f"b-{n:06d}"
        engine.open_case(f"emp-{n:06d}", first, f"cm-{n % 20}", actor="bench", case_id=case_id)
        events: list[dict[str, object]] = []
        if n % 3 >= 1:
            events.append({"type": "problem_analysis_completed", "effective": _day(first, 30)})
        if n % 3 == 2:
            events.append({"type": "plan_of_approach_agreed", "effective": _day(first, 40)})
            events.append({"type": "plan_evaluated", "effective": _day(first, 80)})
            events.append({"type": "plan_evaluated", "effective": _day(first, 120)})
        if events:
            clock.set(first + dt.timedelta(days=121))
            engine.record_many(case_id, events, actor="bench")


def _day(first: dt.date, offset: int) -> str:
    return (first + dt.timedelta(days=offset)).isoformat()


def _timed(fn: object) -> float:
    begin = time.process_time()
    result = fn()  # type: ignore[operator]
    elapsed = time.process_time() - begin
    if result:
        raise SystemExit(f"verify found something on an untouched store: {result[:3]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clock = FrozenClock(dt.date(2025, 1, 6))
        url = f"sqlite:///{Path(tmp) / 'verify.db'}"
        with Engine.open(url, clock=clock) as engine:
            _load(engine, clock, args.cases)
            chain: list[float] = []
            full: list[float] = []
            for _ in range(args.rounds):
                chain.append(_timed(engine.store.verify) / args.cases)
                full.append(_timed(engine.verify) / args.cases)
    ratios = [f / c for f, c in zip(full, chain, strict=True)]

    def row(name: str, values: list[float], unit: float, suffix: str) -> str:
        low, mid, high = min(values), statistics.median(values), max(values)
        return f"{name:<22}{low * unit:>10.3f}{mid * unit:>10.3f}{high * unit:>10.3f} {suffix}"

    print(f"verify, {args.cases} cases, {args.rounds} rounds (CPU time per case)")
    print(f"{'':<22}{'min':>10}{'median':>10}{'max':>10}")
    print(row("chain only (old)", chain, 1e3, "ms"))
    print(row("every projection", full, 1e3, "ms"))
    print(row("ratio full/chain", ratios, 1.0, "x (paired per round)"))


if __name__ == "__main__":
    main()
