"""The compiled rules equal the reference implementation, every field, on many random cases.

The reference (``reference_deadlines.py``) is the plain implementation the compiled plan
replaced. Any difference - a date, a status, a citation, a word in Dutch or English, a flag -
fails with the case that shows it. Seeded, so a red run repeats exactly.
"""

from __future__ import annotations

import random
from typing import Any

from poortwachter.errors import PoortwachterError
from poortwachter.events import parse_events
from poortwachter.rules import compute_deadlines
from tests.rules import reference_deadlines
from tests.rules.case_generator import random_case

CASES = 12_000
SEED = 20260301


def _outcome(fn: Any, events: Any, as_of: Any, options: Any) -> Any:
    try:
        result = fn(events, as_of=as_of, options=options)
    except PoortwachterError as exc:
        return ("error", type(exc).__name__, str(exc))
    return (
        result,
        [d.as_json("nl") for d in result],
        [d.as_json("en") for d in result],
    )


def test_compiled_rules_equal_the_reference_on_random_cases() -> None:
    rnd = random.Random(SEED)
    checked = errors = 0
    for i in range(CASES):
        raw, as_of, options = random_case(rnd)
        try:
            events = parse_events(raw)
        except PoortwachterError:
            continue
        want = _outcome(reference_deadlines.compute_deadlines, events, as_of, options)
        got = _outcome(compute_deadlines, events, as_of, options)
        assert got == want, f"case {i}: {raw}, as_of={as_of}, options={options!r}"
        checked += 1
        errors += want[0] == "error"
    # The generator must mostly make valid cases, or the test proves little.
    assert checked > 0.95 * CASES
    assert errors < 0.2 * checked
