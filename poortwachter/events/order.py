"""The canonical order of a case's events, defined once and used everywhere.

Events are folded by effective date, then by their place in the day (``day_rank``: a sick
report opens the day, a recovery or closing ends it), so the derived facts never depend on the
order in which events were listed or recorded. Ties of date and rank are broken by content
(:func:`sort_key`) for loose lists, or by sequence number for a stored log (:func:`log_key`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from poortwachter.events.base import EventBase

__all__ = ["day_key", "log_key", "sort_key", "sorted_events"]


def day_key(event: EventBase) -> tuple[dt.date, int]:
    """Order by effective date, then by the event's place in the day."""
    return (event.effective, event.day_rank)


def sort_key(event: EventBase) -> tuple[dt.date, int, str]:
    """Canonical order of a loose list of events: by day key, then by content."""
    return (event.effective, event.day_rank, event.model_dump_json())


def log_key(seq: int, event: EventBase) -> tuple[dt.date, int, int]:
    """Canonical order of a stored log: by day key, then by sequence number (stable forever)."""
    return (event.effective, event.day_rank, seq)


def _cheap_key(pair: tuple[int, EventBase]) -> tuple[dt.date, int, str]:
    event = pair[1]
    return (event.effective, event.day_rank, event.type)


def sorted_events(events: Sequence[EventBase]) -> list[tuple[int, EventBase]]:
    """Events with their input index, in canonical order (see :func:`sort_key`).

    Serialising every event for the tie-break is costly, so it is done only when two events
    share date and type (rare), which keeps the order independent of the listing order.
    """
    pairs = sorted(enumerate(events), key=_cheap_key)
    keys = [_cheap_key(p) for p in pairs]
    if any(a == b for a, b in itertools.pairwise(keys)):
        pairs.sort(key=lambda pair: sort_key(pair[1]))
    return pairs
