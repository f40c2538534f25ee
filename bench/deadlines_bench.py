"""Benchmark: deadlines for 100,000 synthetic cases against bare date arithmetic.

Run: ``make bench`` (or ``python bench/deadlines_bench.py [--cases N]``). Not part of the tests.

The baseline computes the same kinds of dates with nothing but ``first_day + offset`` (plus the
gap for a relapse), in the same process and run, so the ratio says what the engine's
explanations, citations, samentelling, Atw calendar and status logic cost on top of the
arithmetic itself. Machines here are noisy: trust the ratio more than the absolute numbers.
Times are CPU time of this process (``time.process_time``) over ``--repeat`` rounds (min,
median, max), so work on the other core does not count against either side. With the source
tree's tests importable, the previous (reference) implementation is timed in the same run too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
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


def reference(cases: Sequence[Case]) -> None:
    """The previous, uncompiled implementation (tests/rules/reference_deadlines.py)."""
    from tests.rules.reference_deadlines import compute_deadlines as slow

    for _shape, events, _gap in cases:
        slow(events, as_of=events[0].effective + D(days=400))


def rounds(fn: Callable[[Sequence[Case]], None], cases: Sequence[Case], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn(cases)
        times.append(time.process_time() - start)
    return times


def report(name: str, n: int, times: list[float]) -> float:
    rates = sorted(n / t for t in times)
    median = statistics.median(rates)
    print(f"{name:32s} cases/s min {rates[0]:9,.0f}  median {median:9,.0f}  max {rates[-1]:9,.0f}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = synthetic_cases(args.cases)
    engine(cases[:200])  # warm caches: parameters, calendar years
    n = len(cases)
    print(f"cases: {n} (plain, relapse, partial, sanction: a quarter each), {args.repeat} rounds")
    base = report("baseline (first_day + offset)", n, rounds(bare_baseline, cases, args.repeat))
    ours = report("poortwachter deadlines", n, rounds(engine, cases, args.repeat))
    try:
        reference(cases[:200])
    except ImportError:
        print("(reference implementation not importable: run from the source tree)")
    else:
        slow = report("previous implementation", n, rounds(reference, cases, args.repeat))
        print(f"speed-up over the previous implementation: {ours / slow:.2f}x (medians)")
    print(f"ratio baseline/engine: {base / ours:.1f}x  (aim: <= 20x, >= 20,000 cases/s)")


if __name__ == "__main__":
    main()
