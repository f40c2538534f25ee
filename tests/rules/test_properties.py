"""Invariants of the deadline rules, checked on generated cases (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.events import (
    EventBase,
    Recovered,
    SickReported,
    WageSanctionImposed,
    WaitingPeriodExtended,
    WorkPartiallyResumed,
)
from poortwachter.rules import DeadlineKind, compute_deadlines, default_calendar

FAR = dt.date(2040, 1, 1)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[EventBase], int, int]:
    """A chain of up to 3 periods joined by gaps < 28 days, plus sanctions and extensions.

    Returns the events, the fit days inside the chain, and the sanction (capped at 52) plus
    extension weeks.
    """
    first = draw(st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31)))
    events: list[EventBase] = [SickReported(effective=first)]
    start, fit = first, 0
    for _ in range(draw(st.integers(0, 2))):
        length = draw(st.integers(1, 150))
        gap = draw(st.integers(1, 27))
        recovered = start + dt.timedelta(days=length)
        events.append(Recovered(effective=recovered))
        start = recovered + dt.timedelta(days=gap)
        events.append(SickReported(effective=start))
        fit += gap
    if draw(st.booleans()):
        events.append(
            WorkPartiallyResumed(
                effective=start + dt.timedelta(days=draw(st.integers(1, 200))),
                percentage=draw(st.integers(1, 99)),
            )
        )
    sanction = 0
    for _ in range(draw(st.integers(0, 2))):
        w = draw(st.integers(1, 52))
        events.append(WageSanctionImposed(effective=start + dt.timedelta(days=1), weeks=w))
        sanction += w
    weeks = min(sanction, 52)  # loonsancties together extend by 52 weeks at most
    if draw(st.booleans()):
        w = draw(st.integers(13, 52))
        events.append(WaitingPeriodExtended(effective=start + dt.timedelta(days=2), weeks=w))
        weeks += w
    return events, fit, weeks


def nth_sick_day(events: list[EventBase], n: int) -> dt.date:
    """Independent count: walk the days, counting those inside a sick period."""
    changes = {
        e.effective: isinstance(e, SickReported)
        for e in events
        if isinstance(e, (SickReported, Recovered))
    }
    day, sick, counted = events[0].effective, False, 0
    while True:
        sick = changes.get(day, sick)
        counted += sick
        if counted == n:
            return day
        day += dt.timedelta(days=1)


def by_kind(events: list[EventBase], as_of: dt.date = FAR) -> dict[DeadlineKind, dt.date]:
    return {d.kind: d.due for d in compute_deadlines(events, as_of=as_of)}


@settings(max_examples=150, deadline=None)
@given(cases())
def test_waiting_period_end_is_728_days_plus_fit_days_plus_extra_weeks(
    case: tuple[list[EventBase], int, int],
) -> None:
    events, fit, weeks = case
    due = by_kind(events)
    first = events[0].effective
    assert (due[DeadlineKind.WAITING_PERIOD_END] - first).days == 728 + fit + 7 * weeks
    assert due[DeadlineKind.LAST_WAGE_DAY] == due[DeadlineKind.WAITING_PERIOD_END] - dt.timedelta(1)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_rolled_deadline_is_always_a_working_day_on_or_after_its_legal_day(
    case: tuple[list[EventBase], int, int],
) -> None:
    events, _, _ = case
    report = by_kind(events)[DeadlineKind.UWV_SICK_REPORT]
    calendar = default_calendar()
    assert calendar.is_working_day(report)
    # Walk the calendar day by day: the day after the 294th sick day (42 weeks complete; a
    # recovery that day still needs the report, issue 7 fix 4), then the first werkdag.
    legal = nth_sick_day(events, 294) + dt.timedelta(days=1)
    expected = legal
    while not calendar.is_working_day(expected):
        expected += dt.timedelta(days=1)
    assert report == expected
    assert (report - legal).days <= 7


@settings(max_examples=100, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_listing_order_of_events_changes_nothing(
    case: tuple[list[EventBase], int, int], rnd: random.Random
) -> None:
    events, _, _ = case
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert compute_deadlines(shuffled, as_of=FAR) == compute_deadlines(events, as_of=FAR)


@settings(max_examples=100, deadline=None)
@given(cases(), st.dates(dt.date(2014, 1, 1), dt.date(2032, 1, 1)))
def test_deterministic_and_ordered(case: tuple[list[EventBase], int, int], as_of: dt.date) -> None:
    events, _, _ = case
    as_of = max(as_of, events[0].effective)
    first = compute_deadlines(events, as_of=as_of)
    assert first == compute_deadlines(events, as_of=as_of)
    due = {d.kind: d for d in first}
    order = [
        DeadlineKind.PROBLEM_ANALYSIS,
        DeadlineKind.UWV_SICK_REPORT,
        DeadlineKind.REINTEGRATION_REPORT,
        DeadlineKind.WIA_APPLICATION,
        DeadlineKind.WAITING_PERIOD_END,
    ]
    dates = [due[k].due for k in order]
    assert dates == sorted(dates)
    eje = due[DeadlineKind.FIRST_YEAR_EVALUATION]
    assert eje.window_start is not None
    assert (eje.due - eje.window_start).days >= 48


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(2015, 1, 1), dt.date(2027, 1, 1)), st.integers(1, 200), st.integers(1, 60))
def test_a_relapse_joins_the_chain_exactly_when_the_gap_is_under_four_weeks(
    first: dt.date, length: int, gap: int
) -> None:
    recovered = first + dt.timedelta(days=length)
    relapse = recovered + dt.timedelta(days=gap)
    events: list[EventBase] = [
        SickReported(effective=first),
        Recovered(effective=recovered),
        SickReported(effective=relapse),
    ]
    ewt = by_kind(events)[DeadlineKind.WAITING_PERIOD_END]
    if gap < 28:
        assert ewt == first + dt.timedelta(days=728 + gap)
    else:
        assert ewt == relapse + dt.timedelta(days=728)
