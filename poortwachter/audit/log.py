"""Reading a stored log as facts: corrections applied, bitemporal cuts, canonical order.

Pure functions over :class:`~poortwachter.store.StoredEvent` lists, shared by the engine (to
decide whether an event may be appended) and by replay (to show what was so, or known, on a
date). One code path for both means an auditor's replay cannot drift from live behaviour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase, EventCorrected, day_key, parse_event
from poortwachter.store.models import StoredEvent
from poortwachter.store.upcasting import UPCASTERS

__all__ = ["ResolvedLog", "replacement_of", "resolve"]


@dataclass(frozen=True)
class ResolvedLog:
    """The facts of a case after corrections, each with the seq it is stored under."""

    #: (seq, event) in canonical order (effective date, then kind): the order the rules fold.
    facts: tuple[tuple[int, EventBase], ...]
    #: seq of a corrected event -> seq of the correction that replaced or withdrew it (latest).
    corrected_by: dict[int, int] = field(default_factory=dict)

    def up_to(self, day: dt.date) -> ResolvedLog:
        """The facts effective on or before ``day`` (what ``resolve(..., effective_up_to=day)``
        gives, without resolving the log again: the facts are in date order already)."""
        facts = tuple(pair for pair in self.facts if pair[1].effective <= day)
        return ResolvedLog(facts, self.corrected_by)

    @property
    def events(self) -> list[EventBase]:
        """The facts without their seqs, in canonical order."""
        return [event for _, event in self.facts]


def replacement_of(event: EventCorrected) -> EventBase | None:
    """The corrected fact, lifted to the current schema like any stored event."""
    if event.replacement is None:
        return None
    payload = UPCASTERS.upcast(
        str(event.replacement.get("type")),
        event.replacement_schema_version or 1,
        event.replacement,
    )
    return parse_event(payload)


def _check_correction(seq: int, event: EventCorrected, by_seq: dict[int, EventBase]) -> None:
    target = by_seq.get(event.corrects_seq)
    if target is None or isinstance(target, EventCorrected):
        what = "is itself a correction" if target is not None else "does not exist"
        raise InvalidEventError(
            f"correction at seq {seq} names seq {event.corrects_seq}, which {what}",
            event_type=event.type,
            field="corrects_seq",
            expected="the sequence number of an earlier, non-correction event of this case",
        )


def resolve(
    stored: Sequence[StoredEvent | tuple[int, EventBase]],
    *,
    effective_up_to: dt.date | None = None,
) -> ResolvedLog:
    """Apply corrections (in seq order) and keep facts effective on or before a date.

    A correction replaces the event it names with its ``replacement`` or withdraws it; a later
    correction of the same seq wins. Corrections themselves are not facts.
    """
    by_seq: dict[int, EventBase] = {}
    for item in stored:
        seq, event = (item.seq, item.event) if isinstance(item, StoredEvent) else item
        by_seq[seq] = event
    current: dict[int, EventBase] = {}
    corrected_by: dict[int, int] = {}
    for seq in sorted(by_seq):
        event = by_seq[seq]
        if isinstance(event, EventCorrected):
            _check_correction(seq, event, by_seq)
            corrected_by[event.corrects_seq] = seq
            replacement = replacement_of(event)
            if replacement is None:
                current.pop(event.corrects_seq, None)
            else:
                current[event.corrects_seq] = replacement
        else:
            current[seq] = event
    facts = [
        (seq, ev)
        for seq, ev in current.items()
        if effective_up_to is None or ev.effective <= effective_up_to
    ]
    # Same day and kind: the order of recording decides (seq), which is stable forever.
    facts.sort(key=lambda pair: (day_key(pair[1]), pair[0]))
    return ResolvedLog(tuple(facts), corrected_by)
