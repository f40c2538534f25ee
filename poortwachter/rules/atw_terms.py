"""Terms the Algemene termijnenwet moves: the date, and the words and flags that say so.

Every term counted forward from an event (the 42nd-week report's werkdag, a late UWV letter's
4 weeks) rolls through here, so that they all roll the same way (docs/legal-basis.md §2.5);
terms counted back and durations never come here.
"""

from __future__ import annotations

import datetime as dt

from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.counted_case import CountedCase
from poortwachter.rules.messages import Msg, Seq

__all__ = ["coverage_flags", "forward_term", "rolled_how"]

_A_WERKDAG: Msg = ("rules.a_werkdag",)


def rolled_how(
    case: CountedCase, legal: dt.date
) -> tuple[int, Msg, tuple[str, ...], tuple[Msg, ...]]:
    """The Atw roll of the report's legal day: due date, how, the Atw citation if it moved,
    and the flag for unpublished equated days."""
    roll = case.plan.roll(legal)
    flags: tuple[Msg, ...] = ()
    if roll.uncovered_years:
        flags = coverage_flags(case.plan.calendar, roll.uncovered_years)
    if not roll.moved:
        return roll.date.toordinal(), _A_WERKDAG, (), flags
    skipped = Seq(
        ", ",
        tuple(
            ("rules.skipped_day", d, why)
            for (d, _), why in zip(roll.skipped, roll.reasons, strict=True)
        ),
    )
    note: Msg = ("rules.atw_rolled", skipped, roll.date)
    return roll.date.toordinal(), note, (case.plan.roll_cite,), flags


def forward_term(
    case: CountedCase, term_end: dt.date
) -> tuple[int, Msg, tuple[str, ...], tuple[Msg, ...]]:
    """A statutory term counted forward from an event (a UWV letter, a decision to object to)
    that ends on ``term_end``: the Atw extends it past a Saturday, Sunday or holiday (art. 1
    lid 1; only terms counted back are spared, art. 1 lid 2).

    Returns the due date (ordinal), the explanation saying so, the Atw citation when the date
    moved, and the calendar flags. Every forward term goes through here, so that they all roll
    the same way (docs/legal-basis.md §2.5).
    """
    due, how, extra, flags = rolled_how(case, term_end)
    return due, ("rules.atw_forward", term_end, how), extra, flags


def coverage_flags(calendar: AtwCalendar, years: tuple[int, ...]) -> tuple[Msg, ...]:
    """Honest flags for years outside the equated-days data: before it, the data simply do not
    reach back; after it, the decree is not yet published (§6.12)."""
    before = tuple(y for y in years if y < calendar.complete_from.year)
    after = tuple(y for y in years if y not in before)
    flags: list[Msg] = []
    if before:
        flags.append(("rules.flag_not_in_data", Seq(", ", before), calendar.complete_from.year))
    if after:
        flags.append(("rules.flag_uncovered", Seq(", ", after)))
    return tuple(flags)
