"""The working day to plan on and the planning statuses, on the real Atw calendar.

Worked examples written from the calendar (docs/legal-basis.md §2): weekends, Goede Vrijdag
and Tweede Paasdag, 5 May in a lustrum year (2025) and not (2026), the days equated by decree
(config/calendar/atw_equated_days.yaml), and the two DST changes (dates only: nothing moves).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poortwachter.errors import InvalidQueryError
from poortwachter.planning import Planner, PlanStatus, check_soon_days
from poortwachter.rules.calendar import AtwCalendar, default_calendar

D = dt.date
CAL = default_calendar(True)
NO_EQUATED = default_calendar(False)


# (due, plan on, why) — each computed by hand from a wall calendar.
PLAN_ON = [
    (D(2026, 4, 15), D(2026, 4, 15), "a Wednesday: itself"),
    (D(2026, 4, 12), D(2026, 4, 10), "Sunday -> Friday"),
    (D(2026, 4, 11), D(2026, 4, 10), "Saturday -> Friday"),
    (D(2026, 4, 6), D(2026, 4, 2), "Tweede Paasdag, weekend, Goede Vrijdag -> Thursday"),
    (D(2025, 5, 5), D(2025, 5, 2), "5 May 2025 (lustrum, a Monday) -> Friday 2 May"),
    (D(2026, 5, 5), D(2026, 5, 4), "5 May 2026 (no lustrum, a Tuesday) -> Monday 4 May"),
    (D(2027, 5, 5), D(2027, 5, 4), "5 May 2027 (a Wednesday) -> Tuesday"),
    (D(2026, 5, 15), D(2026, 5, 13), "equated Friday after Hemelvaart, Hemelvaart -> Wednesday"),
    (D(2026, 1, 4), D(2025, 12, 31), "Sunday, Saturday, equated 2 Jan, Nieuwjaarsdag -> 31 Dec"),
    (D(2026, 3, 29), D(2026, 3, 27), "Sunday of the change to summer time -> Friday"),
    (D(2026, 10, 25), D(2026, 10, 23), "Sunday of the change to winter time -> Friday"),
    (D(2026, 12, 27), D(2026, 12, 24), "Sunday after both Kerstdagen -> Thursday 24 Dec"),
]


@pytest.mark.parametrize(("due", "plan_on", "why"), PLAN_ON)
def test_the_working_day_to_plan_on(due: dt.date, plan_on: dt.date, why: str) -> None:
    assert Planner(CAL, D(2025, 1, 1), 10).plan_on(due) == plan_on, why


def test_an_equated_day_is_a_working_day_when_the_option_says_so() -> None:
    assert Planner(NO_EQUATED, D(2026, 1, 1), 10).plan_on(D(2026, 5, 15)) == D(2026, 5, 15)
    assert Planner(NO_EQUATED, D(2026, 1, 1), 10).plan_on(D(2026, 1, 4)) == D(2026, 1, 2)


def test_soon_counts_working_days_past_holidays() -> None:
    # Tue 28 Apr 2026 + 5 working days: 29, 30 Apr, 1 May, (2-3 weekend), 4 May, (5 May
    # Bevrijdingsdag), 6 May.
    planner = Planner(CAL, D(2026, 4, 28), 5)
    assert planner.soon_until == D(2026, 5, 6)
    assert planner.status(D(2026, 5, 6)) is PlanStatus.SOON
    assert planner.status(D(2026, 5, 7)) is PlanStatus.UPCOMING
    # A Sunday due date counts by its Friday: due Sun 10 May is planned on Fri 8 May.
    assert Planner(CAL, D(2026, 4, 28), 7).status(D(2026, 5, 10)) is PlanStatus.SOON
    assert Planner(CAL, D(2026, 4, 28), 6).status(D(2026, 5, 10)) is PlanStatus.UPCOMING
    # Across the change to summer time: Fri 27 Mar + 1 working day is Mon 30 Mar.
    assert Planner(CAL, D(2026, 3, 27), 1).soon_until == D(2026, 3, 30)


def test_statuses_on_the_edges() -> None:
    friday = Planner(CAL, D(2026, 4, 10), 0)
    assert friday.soon_until == D(2026, 4, 10)
    assert friday.status(D(2026, 4, 9)) is PlanStatus.OVERDUE
    assert friday.status(D(2026, 4, 10)) is PlanStatus.DUE  # due today
    assert friday.status(D(2026, 4, 12)) is PlanStatus.DUE  # due Sunday: plan on today
    assert friday.status(D(2026, 4, 13)) is PlanStatus.UPCOMING  # horizon 0: no "soon"
    saturday = Planner(CAL, D(2026, 4, 11), 10)
    assert saturday.status(D(2026, 4, 12)) is PlanStatus.DUE  # its Friday has passed
    window = Planner(CAL, D(2026, 11, 2), 10)
    assert window.status(D(2027, 1, 3), D(2026, 11, 1)) is PlanStatus.DUE  # window open
    assert window.status(D(2027, 1, 3), D(2026, 11, 3)) is PlanStatus.UPCOMING


days = st.dates(min_value=D(2023, 1, 1), max_value=D(2028, 12, 31))


@given(due=days)
def test_plan_on_is_the_last_working_day_on_or_before_the_due_date(due: dt.date) -> None:
    plan_on = Planner(CAL, D(2023, 1, 1), 10).plan_on(due)
    assert plan_on <= due
    assert CAL.is_working_day(plan_on)
    between = [plan_on + dt.timedelta(days=n) for n in range(1, (due - plan_on).days + 1)]
    assert not any(CAL.is_working_day(day) for day in between)
    assert (plan_on == due) == CAL.is_working_day(due)


@given(today=days, count=st.integers(0, 30))
def test_adding_working_days_counts_exactly_that_many(today: dt.date, count: int) -> None:
    end = Planner(CAL, today, 0).add_working_days(today, count)
    span = [today + dt.timedelta(days=n) for n in range(1, (end - today).days + 1)]
    assert sum(CAL.is_working_day(day) for day in span) == count
    assert count == 0 or CAL.is_working_day(end)


ORDER = [PlanStatus.OVERDUE, PlanStatus.DUE, PlanStatus.SOON, PlanStatus.UPCOMING]


@given(today=days, soon=st.integers(0, 40), first=days, second=days)
def test_a_later_due_date_never_has_a_more_urgent_status(
    today: dt.date, soon: int, first: dt.date, second: dt.date
) -> None:
    planner = Planner(CAL, today, soon)
    early, late = sorted((first, second))
    assert ORDER.index(planner.status(early)) <= ORDER.index(planner.status(late))


@given(
    value=st.one_of(st.integers(-1000, 1000), st.text(max_size=6), st.from_regex(r"\A[0-9]{1,4}\Z"))
)
def test_the_soon_horizon_is_a_whole_number_of_working_days(value: int | str) -> None:
    valid = (isinstance(value, int) and 0 <= value <= 260) or (
        isinstance(value, str)
        and all("0" <= char <= "9" for char in value)
        and value != ""
        and int(value) <= 260
    )
    if valid:
        assert check_soon_days(value) == int(value)
    else:
        with pytest.raises(InvalidQueryError, match="working days from 0 to 260"):
            check_soon_days(value)


def test_the_calendar_is_the_rules_calendar() -> None:
    assert isinstance(CAL, AtwCalendar)
    assert CAL.holiday_name(D(2026, 5, 5)) is not None  # Bevrijdingsdag, also off-lustrum
