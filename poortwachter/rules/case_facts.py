"""What the rules know about a case: the facts of its current chain, folded from its events.

Kept apart from the fold (:mod:`poortwachter.rules.facts`) so that every moment module can read
facts without depending on how they were folded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from poortwachter.events import EventBase
from poortwachter.rules.periods import LeaveSpan, SicknessChain

__all__ = ["CaseFacts", "make_facts"]


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about the current chain of a case."""

    chain: SicknessChain
    leaves: tuple[LeaveSpan, ...]
    milestones: dict[str, tuple[dt.date, ...]]
    sanctions: tuple[tuple[dt.date, int], ...] = ()
    sanction_shortened_on: dt.date | None = None
    extensions: tuple[tuple[dt.date, int], ...] = ()
    partial_resumptions: tuple[tuple[dt.date, int], ...] = ()
    wia_letter_on: dt.date | None = None
    casemanager: str | None = None
    closed_on: dt.date | None = None
    #: Events whose payload the rules read (``KeptEvent``: vangnet, art. 5 deviations).
    kept: tuple[EventBase, ...] = ()

    def first(self, event_type: str, *, on_or_after: dt.date | None = None) -> dt.date | None:
        """Earliest date of a milestone event (optionally not before a date)."""
        days = self.milestones.get(event_type)
        if not days:
            return None
        if on_or_after is None:
            return days[0]
        for day in days:
            if day >= on_or_after:
                return day
        return None

    def last(self, event_type: str) -> dt.date | None:
        days = self.milestones.get(event_type, ())
        return days[-1] if days else None


_new = object.__new__


def make_facts(
    chain: SicknessChain,
    leaves: tuple[LeaveSpan, ...],
    milestones: dict[str, tuple[dt.date, ...]],
    sanctions: tuple[tuple[dt.date, int], ...],
    sanction_shortened_on: dt.date | None,
    extensions: tuple[tuple[dt.date, int], ...],
    partial_resumptions: tuple[tuple[dt.date, int], ...],
    wia_letter_on: dt.date | None,
    casemanager: str | None,
    closed_on: dt.date | None,
    kept: tuple[EventBase, ...],
) -> CaseFacts:
    """:class:`CaseFacts` from all its fields, equal to ``CaseFacts(...)`` at a third of the
    cost (the frozen dataclass sets each field through ``object.__setattr__``); the fold
    builds one for every evaluation."""
    facts: CaseFacts = _new(CaseFacts)
    facts.__dict__.update(
        chain=chain,
        leaves=leaves,
        milestones=milestones,
        sanctions=sanctions,
        sanction_shortened_on=sanction_shortened_on,
        extensions=extensions,
        partial_resumptions=partial_resumptions,
        wia_letter_on=wia_letter_on,
        casemanager=casemanager,
        closed_on=closed_on,
        kept=kept,
    )
    return facts
