"""Worked legal examples: concrete dates in, concrete deadlines out (tests/scenarios/*.yaml).

The YAML files are written for lawyers to review; each case names its source. This runner only
compares: every kind and field listed under ``expect`` must come out exactly so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from poortwachter.events import parse_events
from poortwachter.rules import RuleOptions, compute_deadlines

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FIELDS = {"due", "window_start", "status", "met_on", "rule_version", "legal_basis", "flags_en"}
#: Citations are text, not dates.
TEXT_FIELDS = {"status", "rule_version", "legal_basis"}


def _load() -> list[Any]:
    cases = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            cases.append(pytest.param(case, id=f"{path.stem}[{i}] {case['name'][:60]}"))
    return cases


CASES = _load()


def test_there_are_enough_worked_examples() -> None:
    assert len(CASES) >= 40


def test_every_checked_moment_names_its_citations() -> None:
    for param in CASES:
        (case,) = param.values
        for kind, expected in case["expect"].items():
            assert {"rule_version", "legal_basis"} <= set(expected), (case["name"], kind)


@pytest.mark.parametrize("case", CASES)
def test_worked_example(case: dict[str, Any]) -> None:
    assert case.get("source"), "every worked example names its source"
    events = parse_events(case["events"])
    as_of = case.get("as_of") or max(e.effective for e in events)
    options = RuleOptions.model_validate(case.get("options") or {})
    got = {d.kind.value: d for d in compute_deadlines(events, as_of=as_of, options=options)}
    mismatches = []
    for kind, expected in case["expect"].items():
        assert set(expected) <= FIELDS, f"unknown expect field in {kind}"
        if kind not in got:
            mismatches.append(f"{kind}: not computed")
            continue
        deadline = got[kind]
        for field, want in expected.items():
            if field == "flags_en":
                # Each listed piece must occur in one of the English flags.
                flags = deadline.flag_texts("en")
                mismatches += [
                    f"{kind}.flags: no flag contains {piece!r} (flags: {flags})"
                    for piece in want
                    if not any(piece in flag for flag in flags)
                ]
                continue
            have = getattr(deadline, field)
            have = have.value if hasattr(have, "value") else have
            want = (
                dt.date.fromisoformat(want)
                if isinstance(want, str) and field not in TEXT_FIELDS
                else want
            )
            if have != want:
                mismatches.append(
                    f"{kind}.{field}: expected {want}, got {have} ({deadline.explain('en')})"
                )
    assert not mismatches, "\n".join(mismatches)
