"""What every issue 7 moment needs: the case's facts, its law, and one way to build a deadline.

Kept apart from :mod:`poortwachter.rules.deadlines` on purpose: these moments read the same
facts and parameters but never the compiled plan's internals, so the two can change apart. The
status rules are the same as for the other actions (docs/legal-basis.md §0): met or late once
done, not applicable once the duty has ended, else missed, due or upcoming on the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.citations import EXTENSION, provenance
from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus, make_deadline
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, ParamValue

__all__ = ["Ends", "MomentContext", "cite", "earliest", "work_target"]

S = DeadlineStatus
_DAY = dt.timedelta(days=1)

#: What ends a moment's relevance: the employer's re-integration duty (recovery, closing, end of
#: employment), the sickness (recovery, closing), or only the closing of the case.
Ends = Literal["duty", "sickness", "case"]


class MomentContext:
    """One case on one as-of date, under one rule set."""

    __slots__ = (
        "_waiting_end",
        "as_of",
        "calendar",
        "chain",
        "closed",
        "employment_ended",
        "facts",
        "on",
        "options",
        "params",
        "stop",
    )

    def __init__(
        self,
        facts: CaseFacts,
        *,
        as_of: dt.date,
        params: ParameterSet,
        options: RuleOptions,
        calendar: AtwCalendar,
    ) -> None:
        self.facts = facts
        self.chain = facts.chain
        self.as_of = as_of
        self.params = params
        self.options = options
        self.calendar = calendar
        self.on = as_of if options.parameters_on == "as_of" else facts.chain.first_day
        self.closed = facts.closed_on
        self.stop = facts.chain.not_sick_from
        self.employment_ended = facts.first("employment_ended")
        self._waiting_end: (
            tuple[dt.date, list[ParamValue], tuple[str, ...], tuple[Msg, ...]] | None
        ) = None

    # -- law ---------------------------------------------------------------------------------

    def value(self, name: str) -> ParamValue:
        """The dated value of ``name`` that applies to this case."""
        return self.params.at(name, self.on)

    def sick_day(self, n: int) -> tuple[dt.date, list[ParamValue], tuple[Msg, ...]]:
        """``day(n)`` of the chain, the samentelling value when gaps count, and how."""
        day = self.chain.day(n)
        gaps = self.chain.interruptions_before(day)
        how: tuple[Msg, ...] = (("rules.sick_day", n, self.chain.first_day),)
        if not gaps:
            return day, [], how
        extra = sum(g.days for g in gaps)
        return day, [self.value("samentelling_gap_weeks")], (*how, ("moments.gaps", extra))

    def completed(self, n: int) -> tuple[dt.date, list[ParamValue], tuple[Msg, ...]]:
        """The day after the ``n``-th sick day, when a count of ``n`` sick days is complete:
        ``day(n + 1)``, unless sick day ``n`` ended a period - then the next calendar day, which
        a relapse that joins later does not move (as the core rules count, §0)."""
        last = self.chain.day(n)
        if self.chain.day(n + 1) == last + _DAY:
            return self.sick_day(n + 1)
        how: tuple[Msg, ...] = (("rules.day_after_sick_day", n, self.chain.first_day, last),)
        gaps = self.chain.interruptions_before(last)
        if not gaps:
            return last + _DAY, [], how
        extra = sum(g.days for g in gaps)
        values = [self.value("samentelling_gap_weeks")]
        return last + _DAY, values, (*how, ("moments.gaps", extra))

    def waiting_end(self) -> tuple[dt.date, list[ParamValue], tuple[str, ...], tuple[Msg, ...]]:
        """The end of the waiting period (first WIA day) before sanctions: ``day(7W+1)`` plus
        the vrijwillige verlengingen, with the values, fixed articles and notes it rests on."""
        if self._waiting_end is None:
            self._waiting_end = self._compute_waiting_end()
        return self._waiting_end

    def _compute_waiting_end(
        self,
    ) -> tuple[dt.date, list[ParamValue], tuple[str, ...], tuple[Msg, ...]]:
        wait = self.value("waiting_period_weeks")
        day, values, how = self.completed(7 * wait.value)
        weeks = sum(w for _, w in self.facts.extensions)
        if not weeks:
            return day, [wait, *values], (), how
        return (
            day + 7 * weeks * _DAY,
            [wait, *values],
            (EXTENSION,),
            (*how, ("rules.extension", weeks)),
        )

    def roll(
        self, legal: dt.date
    ) -> tuple[dt.date, tuple[str, ...], tuple[Msg, ...], tuple[Msg, ...]]:
        """A statutory term counted forward from an event that ends on ``legal``: the Atw
        extends it past a weekend or holiday (art. 1 lid 1), in the same words as the core
        rules' forward terms. Returns the date, the Atw citation if it moved, the note and the
        calendar flags (before the data: not in it; after it: not yet published)."""
        calendar = self.calendar
        roll = calendar.roll(legal, coverage=self.options.calendar_coverage)
        flags: list[Msg] = []
        before = tuple(y for y in roll.uncovered_years if y < calendar.complete_from.year)
        after = tuple(y for y in roll.uncovered_years if y not in before)
        if before:
            flags.append(("rules.flag_not_in_data", Seq(", ", before), calendar.complete_from.year))
        if after:
            flags.append(("rules.flag_uncovered", Seq(", ", after)))
        if not roll.moved:
            return (
                roll.date,
                (),
                (("rules.atw_forward", legal, ("rules.a_werkdag",)),),
                tuple(flags),
            )
        skipped = Seq(
            ", ",
            tuple(
                ("rules.skipped_day", d, why)
                for (d, _), why in zip(roll.skipped, roll.reasons, strict=True)
            ),
        )
        how: Msg = ("rules.atw_rolled", skipped, roll.date)
        cite = (calendar.roll_reference.cite(),)
        return roll.date, cite, (("rules.atw_forward", legal, how),), tuple(flags)

    # -- status ------------------------------------------------------------------------------

    def ended(self, ends: Ends, day: dt.date) -> bool:
        """Whether the duty behind a moment due on ``day`` had ended by then."""
        closed = self.closed
        if closed is not None and day >= closed:
            return True
        if ends == "case":
            return False
        stop = self.stop
        if stop is not None and day >= stop:
            return True
        employment = self.employment_ended
        return ends == "duty" and employment is not None and day >= employment

    def status(
        self, due: dt.date, met: dt.date | None, ends: Ends, window: dt.date | None = None
    ) -> DeadlineStatus:
        if met is not None:
            return S.MET if met <= due else S.LATE
        if self.ended(ends, due):
            return S.NOT_APPLICABLE
        if self.as_of > due:
            return S.MISSED
        return S.DUE if self.as_of >= (window or due) else S.UPCOMING

    def action(
        self,
        kind: DeadlineKind,
        due: dt.date,
        values: Iterable[ParamValue],
        notes: Sequence[Msg],
        *,
        met: dt.date | None,
        ends: Ends,
        extra: tuple[str, ...] = (),
        window: dt.date | None = None,
        flags: tuple[Msg, ...] = (),
        cited: tuple[str, str] | None = None,
        status: DeadlineStatus | None = None,
    ) -> Deadline:
        """An action deadline with its status (computed unless given), citations and planning
        werkdag."""
        basis, version = cited or cite(values, extra)
        target = work_target(self.calendar, due)
        if target is not None and target < self.chain.first_day:
            target = None  # a planning day before the sickness is no planning day
        if status is None:
            status = self.status(due, met, ends, window)
        return make_deadline(
            kind, due, window, target, basis, version, status, met, tuple(notes), flags
        )


_CITES: dict[tuple[tuple[ParamValue, ...], tuple[str, ...]], tuple[str, str]] = {}
_TARGETS: dict[tuple[AtwCalendar, dt.date], dt.date | None] = {}
_LIMIT = 50_000


def cite(values: Iterable[ParamValue], extra: tuple[str, ...] = ()) -> tuple[str, str]:
    """:func:`~poortwachter.rules.citations.provenance`, memoised: values compare by identity,
    and the same few combinations recur for every case."""
    key = (tuple(values), extra)
    found = _CITES.get(key)
    if found is None:
        if len(_CITES) > _LIMIT:
            _CITES.clear()
        found = _CITES[key] = provenance(key[0], extra)
    return found


def work_target(calendar: AtwCalendar, due: dt.date) -> dt.date | None:
    """The last werkdag before ``due`` when ``due`` is none (a planning aid), memoised."""
    key = (calendar, due)
    try:
        return _TARGETS[key]
    except KeyError:
        pass
    target = None if calendar.is_working_day(due) else calendar.previous_working_day(due)
    if len(_TARGETS) > _LIMIT:
        _TARGETS.clear()
    _TARGETS[key] = target
    return target


def earliest(*days: dt.date | None) -> dt.date | None:
    """The earliest of the given dates that exist."""
    found = [d for d in days if d is not None]
    return min(found) if found else None
