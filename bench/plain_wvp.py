"""The WVP dates as a competent developer would write them without poortwachter.

This is the comparison for ``bench/rules_bench.py``: the same dates as
``poortwachter.rules.compute_deadlines`` under the default options, but no citations, no
explanations, no statuses, no rule versions and no validation. Plain functions, one fold over
the events, the law's numbers as constants, ``python-holidays`` for the Atw holidays and the
days equated by decree read from ``config/calendar/atw_equated_days.yaml``. It is meant to be
honest (what someone would write for their own HR system), neither deliberately slow nor
micro-optimised.

What it covers: samentelling of sick periods (fewer than 28 fit days apart), plan evaluations,
partial work (no effect on the dates), loonsancties (52 weeks at most, bekorting), vrijwillige
verlenging, a late WIA application, a late UWV letter. What it leaves out, like most home-grown
tools: Wazo leave, the end of the employment, closing, the law before 2013-07-01 (WIA
application in week 91) and the alternative readings of ``RuleOptions``.

It reads any objects with ``type`` and ``effective`` (and ``weeks`` where relevant): the same
event objects the engine gets, so both sides start from the same input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import holidays
import yaml

__all__ = ["PlainDates", "is_werkdag", "wvp_dates"]

DAY = dt.timedelta(days=1)

SAMENTELLING_GAP_DAYS = 28  # BW 7:629 lid 10: periods < 4 weeks apart count together
PROBLEM_ANALYSIS_DAY = 42  # end of sick week 6
PLAN_OF_APPROACH_DAY = 56  # end of sick week 8
PLAN_AFTER_ANALYSIS_DAYS = 14  # plan van aanpak 2 weeks (of sickness) after the analysis
PLAN_EVALUATION_DAYS = 42  # evaluate the plan every 6 weeks
UWV_SICK_REPORT_DAY = 295  # first werkdag after sick week 42
FIRST_YEAR_WINDOW = (316, 364)  # sick weeks 46..52
WAITING_PERIOD_DAY = 729  # first day after 104 sick weeks
REINTEGRATION_REPORT_DAYS_BEFORE_END = 92  # end of sick week 91
WIA_APPLICATION_DAYS_BEFORE_END = 78  # end of sick week 93
WIA_LETTER_DAYS_BEFORE_END = 106  # UWV writes by the end of week 89 ...
WIA_LATE_LETTER_DAYS = 28  # ... or the employee gets 4 weeks after the letter
MAX_SANCTION_WEEKS = 52
BEKORTING_DAYS = 42  # a granted bekorting ends the loonsanctie 6 weeks after the decision

_EQUATED_DAYS_FILE = (
    Path(__file__).resolve().parent.parent / "config" / "calendar" / "atw_equated_days.yaml"
)


def _equated_days() -> set[dt.date]:
    with _EQUATED_DAYS_FILE.open(encoding="utf-8") as f:
        return set(yaml.safe_load(f)["days"])


NL_HOLIDAYS = holidays.country_holidays("NL", categories=("public", "optional"), language="nl")
EQUATED_DAYS = _equated_days()


def is_werkdag(day: dt.date) -> bool:
    """Not a weekend, an Atw holiday or a day equated to one."""
    return day.weekday() < 5 and day not in NL_HOLIDAYS and day not in EQUATED_DAYS


@dataclass(frozen=True)
class PlainDates:
    problem_analysis: dt.date
    plan_of_approach: dt.date
    plan_evaluation: dt.date
    uwv_sick_report: dt.date
    first_year_evaluation_start: dt.date
    first_year_evaluation: dt.date
    reintegration_report: dt.date
    wia_application: dt.date
    last_wage_day: dt.date
    waiting_period_end: dt.date
    relapse_window_end: dt.date | None


def _order(event: Any) -> tuple[dt.date, int]:
    # Same day: a sick report opens the day, a recovery closes it.
    rank = 0 if event.type == "sick_reported" else 2 if event.type == "recovered" else 1
    return event.effective, rank


def wvp_dates(events: Iterable[Any], as_of: dt.date) -> PlainDates:
    """The dates of the current chain of sick periods, counting the events up to ``as_of``."""
    # periods of the chain: [first sick day, last sick day or None while sick]
    periods: list[list[dt.date | None]] = []
    done: dict[str, list[dt.date]] = {}
    sanctions: list[int] = []
    shortened: dt.date | None = None
    extension_weeks = 0
    wia_letter: dt.date | None = None

    for event in sorted((e for e in events if e.effective <= as_of), key=_order):
        kind, day = event.type, event.effective
        if kind == "sick_reported":
            last_sick = periods[-1][1] if periods else None
            if last_sick is not None and (day - last_sick).days - 1 < SAMENTELLING_GAP_DAYS:
                periods.append([day, None])  # a relapse: same chain
            else:  # the first report, or a new chain after 4 weeks fit
                periods = [[day, None]]
                done, sanctions, shortened, extension_weeks, wia_letter = {}, [], None, 0, None
        elif kind == "recovered":
            periods[-1][1] = day - DAY
        elif kind == "wage_sanction_imposed":
            sanctions.append(event.weeks)
        elif kind == "wage_sanction_shortened":
            shortened = day
        elif kind == "waiting_period_extended":
            extension_weeks += event.weeks
        elif kind == "uwv_wia_letter_received":
            wia_letter = day
        else:
            done.setdefault(kind, []).append(day)

    def sick_day(n: int) -> dt.date:
        """The date on which the n-th sick day of the chain is reached (fit days skipped)."""
        counted = 0
        for start, end in periods:
            assert start is not None
            if end is None or counted + (end - start).days + 1 >= n:
                return start + dt.timedelta(days=n - counted - 1)
            counted += (end - start).days + 1
        assert end is not None
        return end + dt.timedelta(days=n - counted)  # recovered: as if still sick

    def sick_days_through(day: dt.date) -> int:
        counted = 0
        for start, end in periods:
            assert start is not None
            if day < start:
                break
            if end is None or day <= end:
                return counted + (day - start).days + 1
            counted += (end - start).days + 1
        return counted

    problem_analysis = sick_day(PROBLEM_ANALYSIS_DAY)
    plan_of_approach = sick_day(PLAN_OF_APPROACH_DAY)
    if "problem_analysis_completed" in done:
        analysed = done["problem_analysis_completed"][0]
        after = sick_day(sick_days_through(analysed) + PLAN_AFTER_ANALYSIS_DAYS)
        plan_of_approach = min(plan_of_approach, after)

    plans = done.get("plan_of_approach_agreed", []) + done.get("plan_evaluated", [])
    plan_evaluation = (max(plans) if plans else plan_of_approach) + dt.timedelta(
        days=PLAN_EVALUATION_DAYS
    )

    # The day after the 294th sick day: a relapse after a completed term does not move it.
    uwv_sick_report = sick_day(UWV_SICK_REPORT_DAY - 1) + DAY
    while not is_werkdag(uwv_sick_report):
        uwv_sick_report += DAY

    ewt = sick_day(WAITING_PERIOD_DAY - 1) + DAY + dt.timedelta(weeks=extension_weeks)
    reintegration_report = ewt - dt.timedelta(days=REINTEGRATION_REPORT_DAYS_BEFORE_END)
    wia_application = ewt - dt.timedelta(days=WIA_APPLICATION_DAYS_BEFORE_END)
    if wia_letter is not None and wia_letter > ewt - dt.timedelta(WIA_LETTER_DAYS_BEFORE_END):
        late = wia_letter + dt.timedelta(WIA_LATE_LETTER_DAYS)
        while not is_werkdag(late):  # counted forward from the letter: the Atw extends it
            late += DAY
        wia_application = max(wia_application, late)

    last_wage_day = ewt - DAY
    if "wia_applied" in done and done["wia_applied"][0] > wia_application:
        last_wage_day += done["wia_applied"][0] - wia_application  # employer pays the delay
    if sanctions:
        without_sanction = last_wage_day
        last_wage_day += dt.timedelta(weeks=min(sum(sanctions), MAX_SANCTION_WEEKS))
        if shortened is not None:
            bekorting_end = shortened + dt.timedelta(days=BEKORTING_DAYS)
            last_wage_day = max(without_sanction, min(last_wage_day, bekorting_end))

    last_sick = periods[-1][1]
    relapse_window_end = (
        None if last_sick is None else last_sick + dt.timedelta(days=SAMENTELLING_GAP_DAYS)
    )
    return PlainDates(
        problem_analysis=problem_analysis,
        plan_of_approach=plan_of_approach,
        plan_evaluation=plan_evaluation,
        uwv_sick_report=uwv_sick_report,
        first_year_evaluation_start=sick_day(FIRST_YEAR_WINDOW[0]),
        first_year_evaluation=sick_day(FIRST_YEAR_WINDOW[1]),
        reintegration_report=reintegration_report,
        wia_application=wia_application,
        last_wage_day=last_wage_day,
        waiting_period_end=last_wage_day + DAY,
        relapse_window_end=relapse_window_end,
    )
