"""Benchmark: poortwachter's rules against a plain-Python WVP calculator, on a realistic mix.

Run: ``python bench/rules_bench.py [--cases N] [--rounds R] [--profile]`` (``make bench`` runs
it; ``--profile`` then shows where the engine side spends its time). Not part of the tests;
``tests/bench/test_plain_agrees.py`` checks on the same mix that both sides give the same
dates, so the comparison is fair.

Three sides, each timed on the same cases in the same process, taking turns (A B C A B C …):

* **engine**: ``poortwachter.rules.compute_deadlines(events, as_of=…)`` per case: dates,
  statuses, legal basis, rule versions and a one-line explanation for each of ~10 moments.
* **plain**: ``bench/plain_wvp.wvp_dates(events, as_of)``: the same dates, nothing else.
* **floor**: bare arithmetic with every offset precomputed outside the clock: per case one
  ``first_ordinal + constant`` per date (11 integer additions). No real implementation can do
  less; it shows what the date logic itself costs on top of a loop over the cases.

The mix (``realistic_mix``, fixed seed): first sick days 2023-2026; 55% with 1-3 relapses
(mostly within 4 weeks, so they join the chain; some after a longer fit spell, starting a new
chain); 20% recovered at the end; plan evaluations every 5-7 weeks; partial returns to work;
the 42nd-week report, first-year evaluation, re-integration report and WIA application (some
late); UWV's WIA letter (some after week 89); loonsancties on a third of the long cases
(sometimes two, together over the 52-week cap), a bekorting on a third of those; vrijwillige
verlenging on a tenth. The as-of date is after every event for half of the cases (so
sanctions, extensions and late applications really count) and anywhere in the case for the
other half.

Times are CPU time of this process (``time.process_time``): min/median/max over ``--rounds``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
for _path in (_BENCH.parent, _BENCH):  # the checkout's package, and plain_wvp next to us
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import plain_wvp  # noqa: E402

from poortwachter.events import (  # noqa: E402
    EventBase,
    FirstYearEvaluationCompleted,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    Recovered,
    ReintegrationReportCompleted,
    SickReported,
    UwvSickReportSent,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WaitingPeriodExtended,
    WiaApplied,
    WorkPartiallyResumed,
)
from poortwachter.rules import DeadlineKind, compute_deadlines  # noqa: E402

D = dt.timedelta


@dataclass(frozen=True)
class Case:
    """One generated case: its events, the as-of date, and the offsets the floor adds."""

    shape: str
    events: tuple[EventBase, ...]
    as_of: dt.date
    first_ordinal: int
    offsets: tuple[int, ...]


def _chain_day(periods: Sequence[tuple[dt.date, dt.date | None]], n: int) -> dt.date:
    """Sick day ``n`` of a chain (for placing generated events; the rules compute their own)."""
    counted = 0
    for start, end in periods:
        if end is None or counted + (end - start).days + 1 >= n:
            return start + D(days=n - counted - 1)
        counted += (end - start).days + 1
    last_end = periods[-1][1]
    assert last_end is not None
    return last_end + D(days=n - counted)


def realistic_mix(n: int, seed: int = 20260525) -> list[Case]:
    """``n`` valid cases (see the module docstring for the mix)."""
    rnd = random.Random(seed)
    return [_one_case(rnd) for _ in range(n)]


def _one_case(rnd: random.Random) -> Case:
    first = dt.date(2023, 1, 2) + D(days=rnd.randrange(0, 1300))
    events: list[EventBase] = [SickReported(effective=first)]
    # The sick history first; ``chain`` holds the periods of the current chain.
    chain: list[tuple[dt.date, dt.date | None]] = [(first, None)]
    relapses = rnd.choices((0, 1, 2, 3), weights=(45, 30, 15, 10))[0]
    start = first
    for _ in range(relapses):
        recovered = start + D(days=rnd.randrange(5, 80))
        gap = rnd.randrange(1, 28) if rnd.random() < 0.85 else rnd.randrange(28, 70)
        start = recovered + D(days=gap)
        events += [Recovered(effective=recovered), SickReported(effective=start)]
        if gap < 28:  # joins the chain (samentelling)
            chain[-1] = (chain[-1][0], recovered - D(days=1))
            chain.append((start, None))
        else:  # 4 weeks fit or more: a new chain
            chain = [(start, None)]
    ends_recovered = rnd.random() < 0.2
    recovered_on = start + D(days=rnd.randrange(20, 500)) if ends_recovered else dt.date.max

    def day(number: int) -> dt.date:
        return _chain_day(chain, number)

    def add(cls: type[EventBase], when: dt.date, **fields: int) -> None:
        # Facts of the current chain: not before its latest sick report, not after recovery.
        if start <= when < recovered_on:
            events.append(cls(effective=when, **fields))

    analysis = day(rnd.randrange(28, 50))
    add(ProblemAnalysisCompleted, analysis)
    plan = max(analysis, day(42)) + D(days=rnd.randrange(3, 20))
    add(PlanOfApproachAgreed, plan)
    evaluation = plan + D(days=rnd.randrange(35, 50))
    while evaluation < day(740):
        add(PlanEvaluated, evaluation)
        evaluation += D(days=rnd.randrange(35, 50))
    for _ in range(rnd.choice((0, 0, 1, 2))):
        add(WorkPartiallyResumed, day(rnd.randrange(60, 600)), percentage=rnd.randrange(10, 90))
    add(UwvSickReportSent, day(rnd.randrange(285, 300)))
    add(FirstYearEvaluationCompleted, day(rnd.randrange(320, 366)))
    extension = 0
    if rnd.random() < 0.1:
        extension = rnd.choice((13, 26, 52))
        add(WaitingPeriodExtended, day(rnd.randrange(560, 620)), weeks=extension)
    add(ReintegrationReportCompleted, day(rnd.randrange(610, 645)))
    late_letter = rnd.random() < 0.1
    add(
        UwvWiaLetterReceived,
        day(rnd.randrange(628, 660) if late_letter else rnd.randrange(600, 623)),
    )
    late_application = rnd.random() < 0.15
    applied = day(rnd.randrange(650, 690) if late_application else rnd.randrange(630, 651))
    add(WiaApplied, applied + D(weeks=extension))
    if rnd.random() < 0.33:
        imposed = day(rnd.randrange(680, 728)) + D(weeks=extension)
        add(WageSanctionImposed, imposed, weeks=rnd.randrange(4, 53))
        if rnd.random() < 0.2:
            add(
                WageSanctionImposed,
                imposed + D(days=rnd.randrange(30, 120)),
                weeks=rnd.randrange(10, 53),
            )
        if rnd.random() < 0.33:
            add(WageSanctionShortened, imposed + D(days=rnd.randrange(30, 200)))
    if ends_recovered:
        events.append(Recovered(effective=recovered_on))
    last_event = max(e.effective for e in events)
    if rnd.random() < 0.5:  # after everything: sanctions, extensions, late applications count
        as_of = last_event + D(days=rnd.randrange(0, 30))
    else:  # anywhere in the case
        as_of = first + D(days=rnd.randrange(0, (last_event - first).days + 1))
    shape = "relapse" if relapses else "recovered" if ends_recovered else "long"
    rnd.shuffle(events)  # the rules take events in any order
    # The floor's constants: each date's distance from the first sick day, precomputed.
    dates = plain_wvp.wvp_dates(events, as_of)
    ordinal = first.toordinal()
    offsets = tuple(d.toordinal() - ordinal for d in vars(dates).values() if isinstance(d, dt.date))
    return Case(shape, tuple(events), as_of, ordinal, offsets)


#: The engine's deadline (kind, field) for each of plain_wvp's dates.
FIELDS: dict[str, tuple[DeadlineKind, str]] = {
    "problem_analysis": (DeadlineKind.PROBLEM_ANALYSIS, "due"),
    "plan_of_approach": (DeadlineKind.PLAN_OF_APPROACH, "due"),
    "plan_evaluation": (DeadlineKind.PLAN_EVALUATION, "due"),
    "uwv_sick_report": (DeadlineKind.UWV_SICK_REPORT, "due"),
    "first_year_evaluation_start": (DeadlineKind.FIRST_YEAR_EVALUATION, "window_start"),
    "first_year_evaluation": (DeadlineKind.FIRST_YEAR_EVALUATION, "due"),
    "reintegration_report": (DeadlineKind.REINTEGRATION_REPORT, "due"),
    "wia_application": (DeadlineKind.WIA_APPLICATION, "due"),
    "last_wage_day": (DeadlineKind.LAST_WAGE_DAY, "due"),
    "waiting_period_end": (DeadlineKind.WAITING_PERIOD_END, "due"),
    "relapse_window_end": (DeadlineKind.RELAPSE_WINDOW_END, "due"),
}


def engine_dates(case: Case) -> dict[str, dt.date | None]:
    """The engine's dates of ``case`` under plain_wvp's names."""
    by_kind = {d.kind: d for d in compute_deadlines(case.events, as_of=case.as_of)}
    out: dict[str, dt.date | None] = {}
    for name, (kind, attr) in FIELDS.items():
        deadline = by_kind.get(kind)
        out[name] = None if deadline is None else getattr(deadline, attr)
    return out


def plain_dates(case: Case) -> dict[str, dt.date | None]:
    dates = plain_wvp.wvp_dates(case.events, case.as_of)
    return {name: getattr(dates, name) for name in FIELDS}


# --------------------------------------------------------------------------------------------


def run_engine(cases: Sequence[Case]) -> None:
    for case in cases:
        compute_deadlines(case.events, as_of=case.as_of)


def run_plain(cases: Sequence[Case]) -> None:
    wvp_dates = plain_wvp.wvp_dates
    for case in cases:
        wvp_dates(case.events, case.as_of)


def run_floor(cases: Sequence[Case]) -> None:
    for case in cases:
        o = case.first_ordinal
        _ = [o + c for c in case.offsets]


def interleaved(
    sides: Sequence[Callable[[Sequence[Case]], None]], cases: Sequence[Case], rounds: int
) -> list[list[float]]:
    """CPU seconds per round of each side; the sides take turns within every round."""
    times: list[list[float]] = [[] for _ in sides]
    for _ in range(rounds):
        for side, spent in zip(sides, times, strict=True):
            start = time.process_time()
            side(cases)
            spent.append(time.process_time() - start)
    return times


def row(label: str, times: Sequence[float], n: int) -> str:
    lo, mid, hi = min(times), statistics.median(times), max(times)
    return (
        f"  {label:<34} {n / mid:>12,.0f} {n / hi:>12,.0f} {n / lo:>12,.0f}   {1e6 * mid / n:>8.2f}"
    )


def ratios(label: str, a: Sequence[float], b: Sequence[float], aim: str = "") -> str:
    """Per-round ratios a/b (the rounds are paired: same background load)."""
    per_round = sorted(x / y for x, y in zip(a, b, strict=True))
    return (
        f"  {label:<34} {min(per_round):>8.2f}x {statistics.median(per_round):>8.2f}x "
        f"{max(per_round):>8.2f}x  {aim}"
    )


def profile(cases: Sequence[Case], top: int = 25) -> None:
    """cProfile of the engine side on ``cases``: the functions with the most own time, then the
    most cumulative time (the profiler's overhead inflates small calls; compare, don't add)."""
    profiler = cProfile.Profile()
    profiler.enable()
    run_engine(cases)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    for order in ("tottime", "cumulative"):
        print(f"\n  --- profile: compute_deadlines x {len(cases):,}, by {order} ---")
        stats.sort_stats(order).print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000, help="cases per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (at least 5)")
    parser.add_argument("--seed", type=int, default=20260525)
    parser.add_argument("--profile", action="store_true", help="cProfile the engine side")
    args = parser.parse_args()
    rounds = max(5, args.rounds)
    cases = realistic_mix(args.cases, args.seed)
    run_engine(cases[:500])  # warm up: parameters, calendar years, caches
    run_plain(cases[:500])
    engine_t, plain_t, floor_t = interleaved((run_engine, run_plain, run_floor), cases, rounds)
    n = len(cases)
    shapes = {s: sum(c.shape == s for c in cases) for s in ("long", "relapse", "recovered")}
    events = sum(len(c.events) for c in cases)
    applied = sum(
        any(e.type == "wage_sanction_imposed" and e.effective <= c.as_of for e in c.events)
        for c in cases
    )
    print(
        f"rules: {n:,} cases ({', '.join(f'{k} {v:,}' for k, v in shapes.items())}; "
        f"{events / n:.1f} events each; a loonsanctie counts in {applied:,}), "
        f"{rounds} rounds, CPU time, sides taking turns"
    )
    print(f"  {'cases/s':<34} {'median':>12} {'slowest':>12} {'fastest':>12}   µs/case")
    print(row("engine: compute_deadlines", engine_t, n))
    print(row("plain: plain_wvp.wvp_dates", plain_t, n))
    print(row("floor: ordinal + constant", floor_t, n))
    print(f"  {'ratio (per round)':<34} {'min':>9} {'median':>9} {'max':>9}")
    print(ratios("engine/plain", engine_t, plain_t, "(aim: <= 1.0x)"))
    print(ratios("engine/floor", engine_t, floor_t))
    print(ratios("plain/floor", plain_t, floor_t))
    speed = n / statistics.median(engine_t)
    print(f"  engine: {speed:,.0f} cases/s median (aim: >= 20,000 cases/s)")
    if args.profile:
        profile(cases)


if __name__ == "__main__":
    main()
