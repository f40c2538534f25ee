"""The WVP guard's rules for the events of issue 7, declared as data for ``workflows.wvp``.

:data:`TRANSITIONS` says when each new event may be recorded, :data:`GUARD_SPECS` holds the
conditions (pure functions of the case status and the event), and :data:`EXTRA_GUARDS` adds
conditions to existing events: a loonsanctie (WIA art. 25 lid 9) and a vrijwillige verlenging
(WIA art. 24) must be decided before the (extended) waiting period ends, so one dated after it
is refused with the date it had to come before.

The guard still counts no days itself: the end of the waiting period is read from the rules'
sickness fold (its chain and its dated parameters), as the deadlines read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from poortwachter.events import EventBase
from poortwachter.events.process import ProcessDeviation, ProcessDeviationEnded
from poortwachter.rules.facts import SicknessFold

if TYPE_CHECKING:
    from poortwachter.workflows.status import CaseStatus

    #: A condition on the case (and, when it needs one, the event); its reason when false.
    Test = Callable[[CaseStatus, EventBase | None], bool]
    WhyNot = Callable[[CaseStatus, EventBase], str]

__all__ = [
    "EXTRA_GUARDS",
    "GUARD_SPECS",
    "TRANSITIONS",
    "open_deviation",
    "waiting_period_last_day",
]

_DAY = dt.timedelta(days=1)
#: any_time: every sick stage, and after a recovery or during a Wazo leave.
#: sick_period: every sick stage; after a recovery or during a leave only as a late entry
#: effective within the sick period (the WVP guard's ``within_sick_period``).
When = Literal["any_time", "sick_period"]

#: (event type, when it may be recorded, names of its guards).
TRANSITIONS: tuple[tuple[str, When, tuple[str, ...]], ...] = (
    ("company_doctor_reported", "sick_period", ()),
    ("safety_net_case", "any_time", ()),
    ("uwv_recovery_report_sent", "any_time", ()),
    ("spoor2_decided", "sick_period", ()),
    ("final_evaluation_completed", "sick_period", ()),
    ("current_opinion_given", "sick_period", ()),
    ("sanction_objection_filed", "any_time", ("has_sanction",)),
    ("wage_sanction_shortening_requested", "any_time", ("has_sanction",)),
    ("wage_sanction_shortening_refused", "any_time", ("has_shortening_request",)),
    ("expert_opinion_requested", "any_time", ()),
    ("expert_opinion_received", "any_time", ("has_expert_request",)),
    ("process_deviation", "sick_period", ("no_open_deviation", "after_previous_deviation")),
    ("process_deviation_ended", "sick_period", ("has_open_deviation", "after_deviation_start")),
)

#: Conditions added to transitions of events that existed before issue 7.
EXTRA_GUARDS: dict[str, tuple[str, ...]] = {
    "wage_sanction_imposed": ("before_waiting_period_end",),
    "waiting_period_extended": ("before_waiting_period_end",),
}


def waiting_period_last_day(fold: SicknessFold) -> dt.date | None:
    """The last day of the waiting period as extended by the vrijwillige verlengingen and the
    loonsancties folded so far (capped); ``None`` before the sick report."""
    first = fold.first_sick_day
    if first is None:
        return None
    params = fold.params
    weeks = int(params.at("waiting_period_weeks", first).value)
    # The 728th sick day: once complete, a later relapse does not move it (§0).
    last = fold.facts().chain.day(7 * weeks)
    extended = sum(w for _, w in fold.extensions)
    sanctioned = min(
        sum(w for _, w in fold.sanctions), int(params.at("wage_sanction_max_weeks", first).value)
    )
    return last + 7 * (extended + sanctioned) * _DAY


def _before_end(status: CaseStatus, event: EventBase | None) -> bool:
    last = None if event is None else waiting_period_last_day(status.fold)
    return event is None or last is None or event.effective <= last


def _why_after_end(status: CaseStatus, event: EventBase) -> str:
    last = waiting_period_last_day(status.fold)
    assert last is not None
    what = (
        "a loonsanctie (WIA art. 25 lid 9) must be imposed"
        if event.type == "wage_sanction_imposed"
        else "a vrijwillige verlenging (WIA art. 24 lid 1) must be granted"
    )
    return (
        f"{event.type} effective {event.effective.isoformat()} lies after the end of the "
        f"waiting period (its last day is {last.isoformat()}, including earlier extensions and "
        f"sanctions): {what} before the waiting period ends. Check the date of the decision"
    )


def open_deviation(fold: SicknessFold) -> ProcessDeviation | None:
    """The art. 5 deviation that is still open (no end, not ended), if any."""
    current: ProcessDeviation | None = None
    for event in fold.kept:
        if isinstance(event, ProcessDeviation):
            current = event if event.end is None else None
        elif isinstance(event, ProcessDeviationEnded):
            current = None
    return current


def _previous_deviation_end(fold: SicknessFold) -> dt.date | None:
    ends: list[dt.date] = []
    deviations = [e for e in fold.kept if isinstance(e, ProcessDeviation | ProcessDeviationEnded)]
    for event in deviations:
        if isinstance(event, ProcessDeviation) and event.end is not None:
            ends.append(event.end)
        elif isinstance(event, ProcessDeviationEnded):
            ends.append(event.effective - _DAY)
    return max(ends, default=None)


def _after_previous(status: CaseStatus, event: EventBase | None) -> bool:
    end = _previous_deviation_end(status.fold)
    return event is None or end is None or event.effective > end


def _after_start(status: CaseStatus, event: EventBase | None) -> bool:
    current = open_deviation(status.fold)
    return event is None or current is None or event.effective > current.effective


def _has_open(status: CaseStatus, event: EventBase | None) -> bool:
    return open_deviation(status.fold) is not None


def _no_open(status: CaseStatus, event: EventBase | None) -> bool:
    return open_deviation(status.fold) is None


def _why_overlapping(status: CaseStatus, event: EventBase) -> str:
    end = _previous_deviation_end(status.fold)
    return (
        f"the deviation starts on or before the end of the previous one ({end}); "
        "periods do not overlap"
    )


def _why_not_after_start(status: CaseStatus, event: EventBase) -> str:
    current = open_deviation(status.fold)
    start = current.effective.isoformat() if current else "?"
    return f"the end of the deviation must come after its first day ({start})"


def _has(event_type: str) -> Test:
    return lambda s, e: event_type in s.fold.milestones


#: name -> (doc, test, why it failed, needs the event's dates).
GUARD_SPECS: dict[str, tuple[str, Test, WhyNot, bool]] = {
    "before_waiting_period_end": (
        "effective on or before the last day of the (extended) waiting period: UWV decides a "
        "loonsanctie (WIA art. 25 lid 9) or a vrijwillige verlenging (WIA art. 24) before it ends",
        _before_end,
        _why_after_end,
        True,
    ),
    "has_shortening_request": (
        "a request to shorten the loonsanctie (bekortingsverzoek) was recorded",
        _has("wage_sanction_shortening_requested"),
        lambda s, e: (
            "no bekortingsverzoek was recorded: record wage_sanction_shortening_requested first"
        ),
        False,
    ),
    "has_expert_request": (
        "a deskundigenoordeel was requested",
        _has("expert_opinion_requested"),
        lambda s, e: "no deskundigenoordeel was requested: record expert_opinion_requested first",
        False,
    ),
    "no_open_deviation": (
        "no art. 5 deviation is open (one period at a time)",
        _no_open,
        lambda s, e: "an art. 5 deviation is still open: record process_deviation_ended first",
        False,
    ),
    "after_previous_deviation": (
        "a new art. 5 deviation starts after the previous one ended",
        _after_previous,
        _why_overlapping,
        True,
    ),
    "has_open_deviation": (
        "an open art. 5 deviation (without an end date) exists",
        _has_open,
        lambda s, e: "no open art. 5 deviation: record process_deviation first, or give its end",
        False,
    ),
    "after_deviation_start": (
        "the deviation ends after the day it started",
        _after_start,
        _why_not_after_start,
        True,
    ),
}
