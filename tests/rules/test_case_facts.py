"""make_facts, the fold's fast way to build CaseFacts, must build exactly what CaseFacts does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect

from poortwachter.rules.case_facts import CaseFacts, make_facts
from poortwachter.rules.periods import SicknessChain, SickPeriod


def test_make_facts_takes_every_field_in_order() -> None:
    # A field added to CaseFacts but not to make_facts would be missing from the fold's facts.
    names = [f.name for f in dataclasses.fields(CaseFacts)]
    assert list(inspect.signature(make_facts).parameters) == names


def test_make_facts_equals_the_dataclass() -> None:
    day = dt.date(2025, 1, 6)
    values = {
        "chain": SicknessChain((SickPeriod(day),)),
        "leaves": (),
        "milestones": {"plan_evaluated": (day,)},
        "sanctions": ((day, 4),),
        "sanction_shortened_on": day,
        "extensions": ((day, 13),),
        "partial_resumptions": ((day, 50),),
        "wia_letter_on": day,
        "casemanager": "cm-1",
        "closed_on": day,
        "kept": (),
    }
    fast = make_facts(**values)  # type: ignore[arg-type]
    slow = CaseFacts(**values)  # type: ignore[arg-type]
    assert fast == slow
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert fast.first("plan_evaluated") == day
