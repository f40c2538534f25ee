"""The Atw calendar against the holiday list of docs/legal-basis.md §2.5 (2024-2028)."""

from __future__ import annotations

import datetime as dt

import pytest

from poortwachter.errors import CalendarCoverageError
from poortwachter.rules.calendar import AtwCalendar, default_calendar

D = dt.date

# docs/legal-basis.md §2.5 "Holidays used in §5" (weekday holidays and weekend ones alike).
ATW_HOLIDAYS = {
    2024: [
        "01-01",
        "03-29",
        "04-01",
        "04-27",
        "05-05",
        "05-09",
        "05-10",
        "05-20",
        "12-25",
        "12-26",
        "12-27",
    ],
    2025: [
        "01-01",
        "04-18",
        "04-21",
        "04-26",
        "05-05",
        "05-29",
        "05-30",
        "06-09",
        "12-25",
        "12-26",
    ],
    2026: [
        "01-01",
        "01-02",
        "04-03",
        "04-06",
        "04-27",
        "05-05",
        "05-14",
        "05-15",
        "05-25",
        "12-25",
        "12-26",
    ],
    2027: [
        "01-01",
        "03-26",
        "03-29",
        "04-27",
        "05-05",
        "05-06",
        "05-07",
        "05-17",
        "12-25",
        "12-26",
    ],
    2028: [
        "01-01",
        "04-14",
        "04-17",
        "04-27",
        "04-28",
        "05-05",
        "05-25",
        "05-26",
        "06-05",
        "12-25",
        "12-26",
    ],
}


@pytest.mark.parametrize("year", sorted(ATW_HOLIDAYS))
def test_every_atw_holiday_and_equated_day_is_not_a_working_day(year: int) -> None:
    cal = default_calendar()
    expected = {D.fromisoformat(f"{year}-{md}") for md in ATW_HOLIDAYS[year]}
    for day in expected:
        assert not cal.is_working_day(day), day
        assert cal.holiday_name(day), day
    # And no other weekday of the year is a holiday.
    day = D(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5 and day not in expected:
            assert cal.is_working_day(day), (day, cal.holiday_name(day))
        day += dt.timedelta(days=1)


def test_fifth_of_may_counts_every_year_not_only_in_lustrum_years() -> None:
    cal = default_calendar()
    assert not cal.is_working_day(D(2026, 5, 5))  # Tuesday, not a lustrum year
    assert not cal.is_working_day(D(2027, 5, 5))


def test_koningsdag_moves_to_saturday_when_27_april_is_a_sunday() -> None:
    cal = default_calendar()
    assert cal.holiday_name(D(2025, 4, 26)) == "Koningsdag"
    assert cal.holiday_name(D(2025, 4, 27)) is None


def test_roll_skips_christmas_and_the_weekend_and_says_why() -> None:
    roll = default_calendar().roll(D(2025, 12, 25))
    assert roll.date == D(2025, 12, 29)
    assert [why for _, why in roll.skipped] == [
        "Eerste kerstdag",
        "Tweede kerstdag",
        "zaterdag",
        "zondag",
    ]


def test_roll_over_an_equated_day() -> None:
    roll = default_calendar().roll(D(2026, 1, 1))
    assert roll.date == D(2026, 1, 5)
    assert "gelijkgestelde dag" in roll.skipped[1][1]


def test_equated_days_can_be_switched_off() -> None:
    cal = AtwCalendar.load(include_equated=False)
    assert cal.roll(D(2026, 1, 1)).date == D(2026, 1, 2)


def test_a_year_without_equated_day_data_is_flagged_or_refused() -> None:
    cal = default_calendar()
    flagged = cal.roll(D(2029, 3, 30))  # Goede vrijdag 2029
    assert flagged.date == D(2029, 4, 3)  # Sat, Sun, 2e Paasdag skipped
    assert flagged.uncovered_years == (2029,)
    with pytest.raises(CalendarCoverageError) as err:
        cal.roll(D(2029, 3, 30), coverage="strict")
    assert err.value.year == 2029
    assert "atw_equated_days.yaml" in str(err.value)
    assert cal.roll(D(2026, 3, 30)).uncovered_years == ()
