"""The sickness fold as JSON and back: the per-case snapshot the engine keeps next to the log.

Dates are ISO strings. Older snapshots (before the Wazo bridge was recorded) still load, so a
snapshot never has to be rebuilt for a change of its shape alone.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from poortwachter.events import trusted_event
from poortwachter.rules.periods import Interruption, LeaveSpan, SickPeriod, Split

if TYPE_CHECKING:
    from poortwachter.rules.facts import SicknessFold

__all__ = ["fold_from_json", "fold_to_json"]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def fold_to_json(f: SicknessFold) -> dict[str, Any]:
    """The fold's state as JSON-ready data."""
    return {
        "periods": [[p.start.isoformat(), _iso(p.end), p.ended_by] for p in f.periods],
        "interruptions": [
            [i.fit_from.isoformat(), i.resumed_on.isoformat(), i.fit_days, i.leave_days, i.bridge]
            for i in f.interruptions
        ],
        "leaves": [[s.start.isoformat(), s.end.isoformat()] for s in f.leaves],
        "previous": [_iso(f.previous_first_day), f.previous_gap_days, f.previous_split],
        "milestones": {k: [d.isoformat() for d in v] for k, v in f.milestones.items()},
        "sanctions": [[d.isoformat(), w] for d, w in f.sanctions],
        "sanction_shortened_on": _iso(f.sanction_shortened_on),
        "extensions": [[d.isoformat(), w] for d, w in f.extensions],
        "partial": [[d.isoformat(), p] for d, p in f.partial],
        "wia_letter_on": _iso(f.wia_letter_on),
        "casemanager": f.casemanager,
        "closed_on": _iso(f.closed_on),
        "last_effective": _iso(f.last_effective),
        "kept": [e.payload() for e in f.kept],
    }


def fold_from_json(f: SicknessFold, d: dict[str, Any]) -> SicknessFold:
    """``f`` (a fresh fold) with the state saved by :func:`fold_to_json`."""
    iso = dt.date.fromisoformat
    f.periods = [SickPeriod(iso(s), _day(e), by) for s, e, by in d["periods"]]
    # Snapshots from before the Wazo bridge was recorded have 4 fields per interruption and 2
    # in "previous"; they read as joined by the 4-week rule, split by a gap.
    f.interruptions = [
        Interruption(iso(i[0]), iso(i[1]), i[2], i[3], bool(i[4]) if len(i) > 4 else False)
        for i in d["interruptions"]
    ]
    f.leaves = [LeaveSpan(iso(a), iso(b)) for a, b in d["leaves"]]
    previous = d["previous"]
    f.previous_first_day, f.previous_gap_days = _day(previous[0]), previous[1]
    saved = previous[2] if len(previous) > 2 else None
    split: Split | None = "other_cause" if saved == "other_cause" else "gap"
    f.previous_split = None if previous[0] is None else split
    f.milestones = {k: [iso(x) for x in v] for k, v in d["milestones"].items()}
    f.sanctions = [(iso(a), w) for a, w in d["sanctions"]]
    f.sanction_shortened_on = _day(d["sanction_shortened_on"])
    f.extensions = [(iso(a), w) for a, w in d["extensions"]]
    f.partial = [(iso(a), p) for a, p in d["partial"]]
    f.wia_letter_on = _day(d["wia_letter_on"])
    f.casemanager = d["casemanager"]
    f.closed_on = _day(d["closed_on"])
    f.last_effective = _day(d["last_effective"])
    f.kept = [trusted_event(p) for p in d.get("kept", ())]
    return f
