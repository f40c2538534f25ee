"""Benchmark: deadlines for 100,000 synthetic cases against bare date arithmetic.

Run: ``make bench`` (or ``python bench/deadlines_bench.py [--cases N]``). Not part of the tests.

The baseline computes the same kinds of dates with nothing but ``first_day + offset`` (plus the
gap for a relapse), in the same process and run, so the ratio says what the engine's
explanations, citations, samentelling, Atw calendar and status logic cost on top of the
arithmetic itself. Machines here are noisy: trust the ratio more than the absolute numbers.
Times are CPU time of this process (``time.process_time``), best of ``--repeat`` runs, so work
on the other core does not count against either side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable, Sequence

from poortwachter.events import (
    EventBase,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    Recovered,
    SickReported,
    WageSanctionImposed,
    WorkPartiallyResumed,
)
from poortwachter.rules import compute_deadlines

Case = tuple[str, list[EventBase], int]  # shape, events, gap days
D = dt.timedelta


def synthetic_cases(n: int, seed: int = 42) -> list[Case]:
    """Plain, relapse, partial-return and loonsanctie cases, a quarter each."""
    rnd = random.Random(seed)
    out: list[Case] = []
    for i in range(n):
        first = dt.date(2024, 1, 1) + D(days=rnd.randrange(0, 3 * 365))
        events: list[EventBase] = [SickReported(effective=first)]
        gap = 0
        shape = ("plain", "relapse", "partial", "sanction")[i % 4]
        if shape == "relapse":
            recovered = first + D(days=rnd.randrange(5, 60))
            gap = rnd.randrange(1, 28)
            events += [Recovered(effective=recovered), SickReported(effective=recovered + D(gap))]
        elif shape == "partial":
            events.append(
                WorkPartiallyResumed(effective=first + D(days=90), percentage=rnd.randrange(1, 99))
            )
        elif shape == "sanction":
            events.append(WageSanctionImposed(effective=first + D(days=700), weeks=12))
        events += [
            ProblemAnalysisCompleted(effective=first + D(days=30)),
            PlanOfApproachAgreed(effective=first + D(days=45)),
        ]
        out.append((shape, events, gap))
    return out


def bare_baseline(cases: Sequence[Case]) -> None:
    """The same kinds of dates as plain arithmetic: first day + offset (+ gap)."""
    offsets = (41, 55, 294, 315, 363, 636, 650, 727, 728)
    for _shape, events, gap in cases:
        first = events[0].effective
        _ = [first + D(days=o + gap) for o in offsets]


def engine(cases: Sequence[Case]) -> None:
    for _shape, events, _gap in cases:
        compute_deadlines(events, as_of=events[0].effective + D(days=400))


def best_of(fn: Callable[[Sequence[Case]], None], cases: Sequence[Case], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn(cases)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = synthetic_cases(args.cases)
    engine(cases[:200])  # warm caches: parameters, calendar years
    base = best_of(bare_baseline, cases, args.repeat)
    ours = best_of(engine, cases, max(1, args.repeat - 1))
    n = len(cases)
    print(f"cases: {n} (plain, relapse, partial, sanction: a quarter each)")
    print(f"baseline (first_day + offset): {n / base:12,.0f} cases/s  {base:7.3f} s")
    print(f"poortwachter deadlines:        {n / ours:12,.0f} cases/s  {ours:7.3f} s")
    print(f"ratio engine/baseline: {ours / base:.1f}x  (aim: <= 20x, >= 20,000 cases/s)")


if __name__ == "__main__":
    main()
