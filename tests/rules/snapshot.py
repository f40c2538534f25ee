"""Snapshot of everything a user sees for every worked example (tests/scenarios/*.yaml).

Every deadline, every field, the explanation and flags in Dutch and in English, in one JSON
file with a stable key order (``tests/snapshots/worked_examples.json``). ``test_snapshot.py``
diffs the current output against it, so any visible change shows up in review as a readable
diff. After an intended change, regenerate and commit it::

    make snapshot        # = python -m tests.rules.snapshot --update
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

from poortwachter.events import parse_events
from poortwachter.rules import RuleOptions, compute_deadlines

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"
SNAPSHOT = ROOT / "tests" / "snapshots" / "worked_examples.json"


def _example(case: dict[str, Any]) -> dict[str, Any]:
    events = parse_events(case["events"])
    as_of = case.get("as_of") or max(e.effective for e in events)
    options = RuleOptions.model_validate(case.get("options") or {})
    deadlines = []
    for d in compute_deadlines(events, as_of=as_of, options=options):
        row = d.as_json("nl")
        english = d.as_json("en")
        row["explanation"] = {"nl": row["explanation"], "en": english["explanation"]}
        row["flags"] = {"nl": row["flags"], "en": english["flags"]}
        row["label"] = {"nl": d.label("nl"), "en": d.label("en")}
        deadlines.append(row)
    return {"as_of": as_of.isoformat(), "deadlines": deadlines}


def current() -> dict[str, Any]:
    """The output of every worked example now, keyed '<file>[<index>] <name>'."""
    out: dict[str, Any] = {}
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            out[f"{path.stem}[{i}] {case['name']}"] = _example(case)
    return out


def dumps(data: dict[str, Any]) -> str:
    """Stable text: sorted keys, one field a line, non-ASCII kept readable."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot file")
    args = parser.parse_args()
    text = dumps(current())
    if args.update:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}")
    else:
        same = SNAPSHOT.exists() and SNAPSHOT.read_text(encoding="utf-8") == text
        print("snapshot is up to date" if same else "snapshot differs: run `make snapshot`")
        raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
