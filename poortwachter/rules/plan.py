"""A compiled plan per rule version: the parameters and citations of one law, resolved once.

The rules read sixteen dated values, and a case's deadlines cite some of them. Both depend only
on (parameter set, options, calendar) and on which values are in force on the date whose law
applies; between two dates on which any value changes, every case gets the same plan. So the
values are looked up once per such span, turned into day counts, and each combination of cited
values is put into words once (:meth:`Plan.cite`, keyed by a bit mask). The plan also remembers
the Atw rolls and planning werkdagen it has computed: the calendar never changes under it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from poortwachter.rules.calendar import AtwCalendar, Roll
from poortwachter.rules.citations import PARAM_ORDER, provenance
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, ParamValue

__all__ = ["BIT", "Plan", "covers", "plan_for"]

#: One bit per parameter, in citation order: a deadline's citations are an ``int``.
BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(PARAM_ORDER)}
_CACHE_LIMIT = 50_000


@dataclass(slots=True)
class Plan:
    """The law of one rule version as day counts, plus memoised citations and calendar days."""

    values: dict[str, ParamValue]
    calendar: AtwCalendar
    options: RuleOptions
    #: Sick-day numbers and week counts, read once.
    problem_analysis_n: int
    plan_n: int
    plan_after_weeks: int
    evaluation_weeks: int
    report_weeks: int
    first_year_start_week: int
    first_year_week: int
    waiting_weeks: int
    report_week: int
    report_weeks_before_end: int
    wia_week: int
    letter_week: int
    late_letter_weeks: int
    sanction_cap: int
    shortening_weeks: int
    gap_weeks: int
    roll_cite: str
    #: The days (ordinals, ``valid_from <= day < valid_until``) on which this plan is the law:
    #: a term that ends outside them ran across a change of some value.
    valid_from: int = 0
    valid_until: int = dt.date.max.toordinal() + 1
    _cites: dict[tuple[int, tuple[str, ...]], tuple[str, str]] = field(default_factory=dict)
    _targets: dict[int, dt.date | None] = field(default_factory=dict)
    _rolls: dict[int, Roll] = field(default_factory=dict)

    def cite(self, mask: int, extra: tuple[str, ...] = ()) -> tuple[str, str]:
        """(legal basis, rule version) of the values in ``mask`` plus fixed articles."""
        key = (mask, extra)
        found = self._cites.get(key)
        if found is None:
            used = [v for name, v in self.values.items() if mask & BIT[name]]
            found = self._cites[key] = provenance(used, extra)
        return found

    def work_target(self, due: dt.date) -> dt.date | None:
        """The last werkdag before ``due`` when ``due`` is none, else None (§6.2)."""
        key = due.toordinal()
        try:
            return self._targets[key]
        except KeyError:
            pass
        cal = self.calendar
        target = None if cal.is_working_day(due) else cal.previous_working_day(due)
        if len(self._targets) > _CACHE_LIMIT:
            self._targets.clear()
        self._targets[key] = target
        return target

    def roll(self, day: dt.date) -> Roll:
        """The Atw roll of ``day`` (raises, uncached, when strict coverage refuses)."""
        key = day.toordinal()
        found = self._rolls.get(key)
        if found is None:
            found = self.calendar.roll(day, coverage=self.options.calendar_coverage)
            if len(self._rolls) > _CACHE_LIMIT:
                self._rolls.clear()
            self._rolls[key] = found
        return found


def _compile(
    params: ParameterSet, options: RuleOptions, calendar: AtwCalendar, on: dt.date
) -> Plan:
    values = {name: params.at(name, on) for name in PARAM_ORDER}
    week = {name: v.value for name, v in values.items()}
    extra_day = 1 if options.week_convention == "weeks_after" else 0
    return Plan(
        values=values,
        calendar=calendar,
        options=options,
        problem_analysis_n=7 * week["problem_analysis_week"] + extra_day,
        plan_n=7 * week["plan_of_approach_week"] + extra_day,
        plan_after_weeks=week["plan_of_approach_after_analysis_weeks"],
        evaluation_weeks=week["plan_evaluation_interval_weeks"],
        report_weeks=week["uwv_sick_report_week"],
        first_year_start_week=week["first_year_evaluation_window_start_week"],
        first_year_week=week["first_year_evaluation_week"],
        waiting_weeks=week["waiting_period_weeks"],
        report_week=week["reintegration_report_week"],
        report_weeks_before_end=week["reintegration_report_weeks_before_end"],
        wia_week=week["wia_application_week"],
        letter_week=week["uwv_wia_letter_week"],
        late_letter_weeks=week["wia_late_letter_weeks"],
        sanction_cap=week["wage_sanction_max_weeks"],
        shortening_weeks=week["wage_sanction_shortening_weeks"],
        gap_weeks=week["samentelling_gap_weeks"],
        roll_cite=calendar.roll_reference.cite(),
    )


@dataclass(slots=True)
class _Versions:
    """The plans of one (parameter set, options, calendar): one per span between law changes."""

    changes: list[dt.date]
    plans: dict[int, Plan] = field(default_factory=dict)


_VERSIONS: dict[tuple[ParameterSet, RuleOptions, AtwCalendar], _Versions] = {}
#: The rule set of the latest call, compared by identity: a batch of cases uses one.
_LAST: list[tuple[object, object, object, _Versions]] = [(None, None, None, _Versions([]))]


def plan_for(
    params: ParameterSet, options: RuleOptions, calendar: AtwCalendar, on: dt.date
) -> Plan:
    """The compiled plan for the law in force on ``on`` (built on first use, then reused).

    A date before a parameter's first value raises ParameterNotFoundError, as a lookup does.
    """
    last = _LAST[0]
    if last[0] is params and last[1] is options and last[2] is calendar:
        versions = last[3]  # the same rule set as the call before: no hash of the options
    else:
        versions = _versions(params, options, calendar)
        _LAST[0] = (params, options, calendar, versions)
    span = bisect.bisect_right(versions.changes, on)
    plan = versions.plans.get(span)
    if plan is None:
        plan = versions.plans[span] = _compile(params, options, calendar, on)
        changes = versions.changes
        if span:
            plan.valid_from = changes[span - 1].toordinal()
        if span < len(changes):
            plan.valid_until = changes[span].toordinal()
    return plan


def _versions(params: ParameterSet, options: RuleOptions, calendar: AtwCalendar) -> _Versions:
    """The plans of one rule set, by value: equal options share them (hashing a pydantic model
    costs microseconds, hence the identity check of :func:`plan_for` first)."""
    key = (params, options, calendar)
    versions = _VERSIONS.get(key)
    if versions is None:
        changes = sorted({v.since for name in PARAM_ORDER for v in params.history(name)})
        if len(_VERSIONS) > 64:  # bounded: a long-running worker may load many rule sets
            _VERSIONS.clear()
        versions = _VERSIONS[key] = _Versions(changes)
    return versions


def covers(plan: Plan, first: int, last: int) -> bool:
    """Whether ``plan`` is the law on every day from ``first`` through ``last`` (ordinals)."""
    return plan.valid_from <= first and last < plan.valid_until
