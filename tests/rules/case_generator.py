"""Random but reproducible WVP cases covering every rule path, for the equivalence test.

Relapse chains (joining and not), Wazo leaves (bridged with the same cause or not, and with
fit days on either side), plan evaluations, partial
work, loonsancties with and without bekorting, extensions, late UWV letters, late WIA
applications, employment end, closing, every RuleOptions alternative and both laws of the
WIA application (before and after 1 July 2013). Seeded: the same seed gives the same cases.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from poortwachter.rules import RuleOptions

D = dt.timedelta
_CHOICES: dict[str, tuple[Any, ...]] = {
    "week_convention": ("end_of_week", "weeks_after"),
    "equated_days_are_holidays": (True, False),
    "wia_deadline": ("end_of_week", "weeks_before_end"),
    "relapse_process_steps": ("chain", "restart"),
    "wazo_leave_neutral": (True, False),
    "reintegration_report_deadline": ("practice", "statutory_2005"),
    "late_wia_letter_extends": (True, False),
    "parameters_on": ("chain_start", "as_of", "term_end"),
    "employment_end_report": ("last_day_of_employment", "first_sick_day"),
    "plan_evaluation_during_leave": ("pause", "run"),
    "calendar_coverage": ("flag", "strict"),
}
_MILESTONES = (
    "problem_analysis_completed",
    "plan_of_approach_agreed",
    "uwv_sick_report_sent",
    "first_year_evaluation_completed",
    "reintegration_report_completed",
    "wia_applied",
    "spoor2_started",
)


def _ev(kind: str, day: dt.date, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "effective": day.isoformat(), **fields}


def _chain(rnd: random.Random, first: dt.date) -> tuple[list[dict[str, Any]], dt.date, bool]:
    """Sick periods joined by gaps (some too long to join) or Wazo leaves; returns the events,
    the start of the last period, and whether the employee is sick at the end."""
    events = [_ev("sick_reported", first)]
    start = first
    counted = 0  # sick days before the running period
    for _ in range(rnd.choice((0, 0, 1, 1, 2, 3))):
        length = rnd.randrange(1, 250)
        # Now and then recovered right after sick day 294 or 728: a term that was complete.
        exact = 294 - counted if rnd.random() < 0.5 else 728 - counted
        if rnd.random() < 0.08 and exact > 0:
            length = exact
        counted += length
        end = start + D(length)
        if rnd.random() < 0.2:
            leave_end = end + D(rnd.randrange(30, 120))
            events.append(_ev("maternity_leave", end, end=leave_end.isoformat()))
            start = leave_end + D(rnd.choice((1, 1, 2, 10, 30)))
            # The cause is asked only directly after the leave (the Wazo bridge); now and then
            # it is given anyway, which the rules must refuse.
            bridge = start == leave_end + D(1)
            cause = rnd.random() < 0.6 if bridge or rnd.random() < 0.05 else None
            fields = {} if cause is None else {"same_cause_as_before": cause}
            events.append(_ev("sick_reported", start, **fields))
        else:
            events.append(_ev("recovered", end))
            start = end + D(rnd.choice((1, 7, 20, 27, 28, 29, 40, rnd.randrange(1, 60))))
            events.append(_ev("sick_reported", start))
    sick = True
    if rnd.random() < 0.25:
        events.append(_ev("recovered", start + D(rnd.randrange(1, 800))))
        sick = False
    return events, start, sick


def _extras(rnd: random.Random, first: dt.date, start: dt.date) -> list[dict[str, Any]]:
    """Milestones, evaluations, partial work, sanctions, extensions, letters, endings."""
    events = []
    for kind in _MILESTONES:
        if rnd.random() < 0.4:
            lo, hi = {
                "problem_analysis_completed": (10, 80),
                "plan_of_approach_agreed": (20, 90),
            }.get(kind, (250, 760))
            events.append(_ev(kind, first + D(rnd.randrange(lo, hi))))
    for _ in range(rnd.choice((0, 0, 1, 3))):
        events.append(_ev("plan_evaluated", first + D(rnd.randrange(40, 700))))
    if rnd.random() < 0.3:
        events.append(
            _ev("work_partially_resumed", start + D(rnd.randrange(1, 400)), percentage=50)
        )
    sanction_on = first + D(rnd.randrange(600, 760))
    for i in range(rnd.choice((0, 0, 0, 1, 1, 2))):
        events.append(_ev("wage_sanction_imposed", sanction_on + D(i), weeks=rnd.randrange(1, 53)))
        if rnd.random() < 0.4:
            events.append(_ev("wage_sanction_shortened", sanction_on + D(rnd.randrange(5, 300))))
    if rnd.random() < 0.2:
        weeks = rnd.randrange(13, 60)
        events.append(
            _ev("waiting_period_extended", first + D(rnd.randrange(400, 700)), weeks=weeks)
        )
    if rnd.random() < 0.3:
        events.append(_ev("uwv_wia_letter_received", first + D(rnd.randrange(560, 700))))
    if rnd.random() < 0.15:
        # Sometimes within days of the first sick day: the report must not fall before it.
        days = rnd.randrange(20, 900) if rnd.random() < 0.8 else rnd.randrange(0, 5)
        events.append(_ev("employment_ended", first + D(days)))
    if rnd.random() < 0.1:
        events.append(_ev("case_closed", first + D(rnd.randrange(20, 900)), reason="other"))
    return events


def random_case(rnd: random.Random) -> tuple[list[dict[str, Any]], dt.date, RuleOptions]:
    """One case: events (as JSON-like dicts), an as-of date, and options."""
    # From 2009 (the 42nd-week report) through 2029; a tenth around 1 July 2013, when the WIA
    # application moved from week 91 to week 93, so that terms run across the change.
    around_2013 = dt.date(2011, 6, 1) + D(rnd.randrange(0, 400))
    anywhere = dt.date(2009, 1, 1) + D(rnd.randrange(0, 21 * 365))
    first = around_2013 if rnd.random() < 0.1 else anywhere
    events, start, _ = _chain(rnd, first)
    events += _extras(rnd, first, start)
    as_of = first + D(rnd.choice((0, rnd.randrange(0, 1200), rnd.randrange(0, 1200))))
    options = RuleOptions(
        **{
            name: rnd.choice(values) if rnd.random() < 0.3 else values[0]
            for name, values in _CHOICES.items()
        }
    )
    return events, as_of, options
