"""The legal calendar: working days under the Algemene termijnenwet (Atw).

A statutory term that ends on a Saturday, Sunday or Atw holiday runs on to the next day that is
none of these (Atw art. 1 lid 1). Atw holidays (art. 3) are python-holidays' NL ``public`` plus
``optional`` categories (``optional`` brings 5 May, which the Atw counts every year, not only in
lustrum years) plus the days equated by decree (art. 3 lid 3), which python-holidays does not
know and which we keep in ``config/calendar/atw_equated_days.yaml``.

The decree is issued a few years ahead. Outside the years it covers, a date could still become a
holiday, so the calendar refuses (``strict``) or marks the result (``flag``); it never guesses
silently.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import holidays
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from poortwachter.errors import CalendarCoverageError, ParameterFileError
from poortwachter.rules._yaml import load_yaml
from poortwachter.rules.messages import Both
from poortwachter.rules.parameters import LegalReference, config_dir

__all__ = ["AtwCalendar", "Roll", "default_calendar"]

_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EQUATED_EN = "day equated to a public holiday (Atw art. 3 lid 3)"


class _EquatedDaysFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str
    reference: LegalReference
    roll_reference: LegalReference
    complete_from: dt.date
    complete_through: dt.date
    days: dict[dt.date, str] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Roll:
    """A date moved to a working day, with the days it skipped and why (Dutch, and both)."""

    original: dt.date
    date: dt.date
    skipped: tuple[tuple[dt.date, str], ...]
    uncovered_years: tuple[int, ...]
    #: Why each skipped day is no working day, in Dutch and English.
    reasons: tuple[Both, ...] = ()

    @property
    def moved(self) -> bool:
        return self.date != self.original


class AtwCalendar:
    """Working days per the Atw: Monday-Friday minus Atw holidays and equated days."""

    def __init__(
        self,
        equated: Mapping[dt.date, str],
        *,
        complete_from: dt.date,
        complete_through: dt.date,
        reference: LegalReference,
        roll_reference: LegalReference,
        include_equated: bool = True,
    ) -> None:
        self._equated = dict(equated) if include_equated else {}
        # Year -> {date: name}; filled on first use of a year (about 1 ms a year).
        self._years: dict[int, dict[dt.date, str]] = {}
        self._years_en: dict[int, dict[dt.date, str]] = {}
        self.complete_from = complete_from
        self.complete_through = complete_through
        self.reference = reference
        self.roll_reference = roll_reference
        self.include_equated = include_equated

    @classmethod
    def load(cls, path: Path | None = None, *, include_equated: bool = True) -> AtwCalendar:
        """Build the calendar from the equated-days file (default: the shipped one)."""
        path = path or config_dir() / "calendar" / "atw_equated_days.yaml"
        raw = load_yaml(path)
        try:
            parsed = _EquatedDaysFile.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first["loc"]) or None
            raise ParameterFileError(str(path), key, first["msg"]) from None
        for day in parsed.days:
            if not parsed.complete_from <= day <= parsed.complete_through:
                raise ParameterFileError(
                    str(path), f"days.{day}", "lies outside complete_from..complete_through"
                )
        return cls(
            parsed.days,
            complete_from=parsed.complete_from,
            complete_through=parsed.complete_through,
            reference=parsed.reference,
            roll_reference=parsed.roll_reference,
            include_equated=include_equated,
        )

    def _year(self, year: int) -> dict[dt.date, str]:
        names = self._years.get(year)
        if names is None:
            # A plain dict per year: lookups cost ~40 ns instead of holidays' ~700 ns, and
            # expand=False keeps holidays from silently growing its own year range.
            nl = holidays.country_holidays(
                "NL", years=year, categories=("public", "optional"), language="nl"
            )
            names = {d: str(n) for d, n in nl.items()}
            for day, name in self._equated.items():
                if day.year == year:
                    names[day] = f"gelijkgestelde dag: {name}"
            self._years[year] = names
        return names

    def _year_en(self, year: int) -> dict[dt.date, str]:
        names = self._years_en.get(year)
        if names is None:
            nl = holidays.country_holidays(
                "NL", years=year, categories=("public", "optional"), language="en_US"
            )
            names = {d: str(n) for d, n in nl.items()}
            for day in self._equated:
                if day.year == year:
                    names[day] = _EQUATED_EN
            self._years_en[year] = names
        return names

    def reason_both(self, day: dt.date) -> Both | None:
        """Why ``day`` is not a working day, in Dutch and English, or None."""
        nl = self.non_working_reason(day)
        if nl is None:
            return None
        en = self._year_en(day.year).get(day) or _WEEKDAYS_EN[day.weekday()]
        return Both(nl, en)

    def covers(self, day: dt.date) -> bool:
        """Whether the equated-days data are known to be complete for ``day``."""
        return self.complete_from <= day <= self.complete_through

    def holiday_name(self, day: dt.date) -> str | None:
        """Dutch name of the Atw holiday on ``day``, if any."""
        return self._year(day.year).get(day)

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day ('zaterdag', 'Goede vrijdag', …), or None."""
        name = self._year(day.year).get(day)
        if name is not None:
            return name
        if day.weekday() >= 5:
            return _WEEKDAYS_NL[day.weekday()]
        return None

    def is_working_day(self, day: dt.date) -> bool:
        """Monday-Friday and not an Atw holiday or equated day."""
        return day.weekday() < 5 and day not in self._year(day.year)

    def roll(self, day: dt.date, *, coverage: Literal["strict", "flag"] = "flag") -> Roll:
        """``day`` itself if it is a working day, else the first later one (Atw art. 1 lid 1).

        Every day looked at must lie in a year whose equated days are known; otherwise
        ``strict`` raises :class:`CalendarCoverageError` and ``flag`` reports the years.
        """
        skipped: list[tuple[dt.date, str]] = []
        uncovered: set[int] = set()
        current = day
        while True:
            if not self.covers(current):
                if coverage == "strict":
                    raise CalendarCoverageError(
                        current.year, self.complete_from.year, self.complete_through.year
                    )
                uncovered.add(current.year)
            reason = self.non_working_reason(current)
            if reason is None:
                reasons = tuple(self.reason_both(d) or Both(r, r) for d, r in skipped)
                return Roll(day, current, tuple(skipped), tuple(sorted(uncovered)), reasons)
            skipped.append((current, reason))
            current += dt.timedelta(days=1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the last earlier one (a planning aid)."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day


@functools.cache
def default_calendar(include_equated: bool = True) -> AtwCalendar:
    """The shipped calendar, built once per process."""
    return AtwCalendar.load(include_equated=include_equated)
