"""The plain-Python WVP calculator of the benchmarks gives the engine's dates.

``bench/rules_bench.py`` compares poortwachter's rules with ``bench/plain_wvp.py``; that
comparison means something only if both compute the same dates. Checked here on the benchmark's
realistic mix (fixed seed): relapse chains, recoveries, plan evaluations, partial work,
loonsancties that apply (cap, bekorting), vrijwillige verlenging, late WIA letters and
applications, and as-of dates anywhere in the case.
"""

from __future__ import annotations

import collections
import datetime as dt
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(_BENCH) not in sys.path:
    sys.path.insert(0, str(_BENCH))

import plain_wvp  # noqa: E402
import rules_bench  # noqa: E402

CASES = 3000


@pytest.fixture(scope="module")
def mix() -> list[rules_bench.Case]:
    return rules_bench.realistic_mix(CASES)


def test_plain_gives_the_engines_dates(mix: list[rules_bench.Case]) -> None:
    wrong: collections.Counter[str] = collections.Counter()
    first: dict[str, str] = {}
    for index, case in enumerate(mix):
        engine, plain = rules_bench.engine_dates(case), rules_bench.plain_dates(case)
        for name, date in engine.items():
            if plain[name] != date:
                wrong[name] += 1
                first.setdefault(
                    name,
                    f"case {index} as of {case.as_of}: engine {date}, plain {plain[name]}; "
                    f"events {sorted((e.effective, e.type) for e in case.events)}",
                )
    assert not wrong, f"{dict(wrong)} of {len(mix)} cases differ; first: {first}"


def test_the_mix_exercises_every_rule(mix: list[rules_bench.Case]) -> None:
    """Relapses that join and that start anew, and the events that move the end dates."""
    counted = collections.Counter(
        e.type for case in mix for e in case.events if e.effective <= case.as_of
    )
    for event_type in (
        "recovered",
        "plan_evaluated",
        "work_partially_resumed",
        "wage_sanction_imposed",
        "wage_sanction_shortened",
        "waiting_period_extended",
        "uwv_wia_letter_received",
        "wia_applied",
    ):
        assert counted[event_type] >= 30, (event_type, counted[event_type])
    shapes = collections.Counter(case.shape for case in mix)
    assert min(shapes.values()) >= 200, shapes
    capped = 0
    for case in mix:
        weeks = [
            e.weeks  # type: ignore[attr-defined]
            for e in case.events
            if e.type == "wage_sanction_imposed" and e.effective <= case.as_of
        ]
        capped += sum(weeks) > plain_wvp.MAX_SANCTION_WEEKS
    assert capped >= 10


def test_werkdag_knows_the_atw_days() -> None:
    assert not plain_wvp.is_werkdag(dt.date(2026, 5, 5))  # Bevrijdingsdag, every year (Atw)
    assert not plain_wvp.is_werkdag(dt.date(2026, 4, 3))  # Goede Vrijdag
    assert not plain_wvp.is_werkdag(dt.date(2026, 5, 15))  # equated by decree
    assert not plain_wvp.is_werkdag(dt.date(2026, 5, 16))  # Saturday
    assert plain_wvp.is_werkdag(dt.date(2026, 5, 18))
