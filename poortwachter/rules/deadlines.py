"""The WVP deadlines: a pure function of (events, legal parameters, options, as-of date).

No clock, no I/O, no randomness: the same input gives the same deadlines forever, which is what
makes an auditor's replay exact. The law comes from ``config/rules`` (see
:mod:`poortwachter.rules.parameters`) through a compiled :class:`~poortwachter.rules.plan.Plan`:
values, day counts and citations resolved once per rule version. This module only puts the
moments together: those of the first sick year (:mod:`~poortwachter.rules.first_year_moments`),
those of the waiting period's end (:mod:`~poortwachter.rules.waiting_period_moments`), terms
across a change of the law (:mod:`~poortwachter.rules.law_changes`) and the issue 7 moments
(:mod:`~poortwachter.rules.process_moments`). Each moment computes its date in whole days
(ordinals) *together with* the bit mask of the values it rests on, so a deadline cites exactly
those. Explanations are message keys with arguments, put into words only when read. Counting
follows docs/legal-basis.md §0: ``day(n)`` is the date on which the count of sick days in the
chain reaches *n*; "in week *k*" means by ``day(7k)``.

``tests/rules/reference_deadlines.py`` is the plain implementation this replaced; a randomized
test demands identical output from both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase
from poortwachter.rules.calendar import AtwCalendar, default_calendar
from poortwachter.rules.counted_case import ACTION_EVENTS, CountedCase
from poortwachter.rules.facts import CaseFacts, derive_facts
from poortwachter.rules.first_year_moments import (
    first_year_evaluation,
    plan_evaluation,
    plan_of_approach,
    problem_analysis,
    uwv_sick_report,
)
from poortwachter.rules.law_changes import LawChanges
from poortwachter.rules.model import Deadline
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.rules.plan import Plan, covers, plan_for
from poortwachter.rules.process_moments import add_process_moments
from poortwachter.rules.waiting_period_moments import (
    WaitingBase,
    reintegration_report,
    relapse_window,
    waiting_period,
    wia_application,
)

__all__ = ["ACTION_EVENTS", "compute_deadlines", "evaluate"]

#: One instance, not one per call: building a pydantic model costs microseconds per case.
_DEFAULT_OPTIONS = RuleOptions()


def _moments(plan: Plan, facts: CaseFacts, as_of: dt.date) -> list[Deadline]:
    """All deadlines of the current chain under one law (one compiled plan)."""
    case = CountedCase(plan, facts, as_of)
    pa = problem_analysis(case)
    pva, pva_due, pva_mask = plan_of_approach(case, pa.met_on)
    evaluation = plan_evaluation(case, pva_due, pva_mask)
    base = WaitingBase(case)
    wia, wia_mask, wia_extra = wia_application(case, base)
    last_wage, ewt = waiting_period(case, base, wia, wia_mask, wia_extra)
    deadlines = [
        pa,
        pva,
        evaluation,
        uwv_sick_report(case),
        first_year_evaluation(case),
        reintegration_report(case, base),
        wia,
        last_wage,
        ewt,
    ]
    relapse = relapse_window(case)
    if relapse is not None:
        deadlines.append(relapse)
    return deadlines


def evaluate(
    facts: CaseFacts,
    *,
    as_of: dt.date,
    params: ParameterSet,
    options: RuleOptions,
    calendar: AtwCalendar,
) -> list[Deadline]:
    """All deadlines of the current chain, from already derived facts."""
    mode = options.parameters_on
    on = as_of if mode == "as_of" else facts.chain.first_day
    plan = plan_for(params, options, calendar, on)
    deadlines = _moments(plan, facts, as_of)
    start = on.toordinal()
    last = max(start, max(d.due for d in deadlines).toordinal())
    # No due date lies before F, so with the chain's law F is the earliest day that matters.
    first = start if mode != "as_of" else min(start, min(d.due for d in deadlines).toordinal())
    if not covers(plan, first, last):  # else no value changed during any term: the usual case
        changes = LawChanges(
            plan, lambda law: _moments(law, facts, as_of), params, options, calendar
        )
        deadlines = changes.apply(deadlines)
    return add_process_moments(  # issue 7: art. 5 deviations and the new moments
        deadlines, facts, as_of=as_of, params=params, options=options, calendar=calendar
    )


def compute_deadlines(
    events: Sequence[EventBase],
    *,
    as_of: dt.date,
    params: ParameterSet | None = None,
    options: RuleOptions | None = None,
    calendar: AtwCalendar | None = None,
) -> list[Deadline]:
    """Deadlines of a case as it stood on ``as_of``.

    Only events effective on or before ``as_of`` count: what happened later was not yet so on
    that date. Events may be listed in any order. Raises
    :class:`~poortwachter.errors.InvalidEventError` for an impossible sequence.
    """
    options = options or _DEFAULT_OPTIONS
    params = params or default_parameters()
    calendar = calendar or default_calendar(options.equated_days_are_holidays)
    known = [e for e in events if e.effective <= as_of]
    try:
        facts = derive_facts(known, params, options)
    except InvalidEventError:
        # With the first sick day after ``as_of`` no known event has a sick report, so the
        # fold always refuses: only then is it worth looking for the clearer reason.
        _check_as_of(events, as_of)
        raise
    return evaluate(facts, as_of=as_of, params=params, options=options, calendar=calendar)


def _check_as_of(events: Sequence[EventBase], as_of: dt.date) -> None:
    """Refuse an as-of date before the first sick day, naming that day."""
    first_sick = min((e.effective for e in events if e.type == "sick_reported"), default=None)
    if first_sick is not None and first_sick > as_of:
        raise InvalidEventError(
            f"as-of date {as_of} lies before the first sick day {first_sick}",
            field="as_of",
            expected=f"a date on or after {first_sick}",
        ) from None
