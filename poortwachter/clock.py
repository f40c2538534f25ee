"""Time is injected: law works in dates, the store records instants (aware UTC).

The engine never calls ``datetime.now()`` itself; it asks its clock. Tests freeze the clock, so
"today" in a test is a fact of the test, not of the machine it runs on.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from poortwachter.errors import InvalidArgumentError
from poortwachter.events.base import SUPPORTED_DATES

__all__ = ["AMSTERDAM", "Clock", "FrozenClock", "SystemClock"]

#: Dutch law counts days in Dutch local time.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@runtime_checkable
class Clock(Protocol):
    """Source of the current instant."""

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    def today(self) -> dt.date:
        """Today's date in Europe/Amsterdam."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().astimezone(AMSTERDAM).date()


class FrozenClock:
    """A clock that stands still until moved: for tests and replays."""

    def __init__(self, instant: dt.datetime | dt.date) -> None:
        self._now = _as_instant(instant)

    def now(self) -> dt.datetime:
        return self._now

    def today(self) -> dt.date:
        return self._now.astimezone(AMSTERDAM).date()

    def set(self, instant: dt.datetime | dt.date) -> None:
        """Move the clock to ``instant`` (a date means noon in Amsterdam that day)."""
        self._now = _as_instant(instant)

    def advance(self, **delta: float) -> None:
        """Move the clock forward, e.g. ``advance(days=3)``."""
        try:
            moved = self._now + dt.timedelta(**delta)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvalidArgumentError(
                "clock",
                f"cannot advance by {delta!r:.80} ({type(exc).__name__})",
                expected="e.g. advance(days=3)",
            ) from None
        self._now = _as_instant(moved)


def _as_instant(value: object) -> dt.datetime:
    """An aware UTC instant from ``value``, or :class:`InvalidArgumentError` (field 'clock')."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidArgumentError(
                "clock", "a naive datetime is ambiguous", expected="a timezone-aware instant"
            )
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        raise InvalidArgumentError(
            "clock", f"is a {type(value).__name__}", expected="a date or an aware datetime"
        )
    # The dates the engine supports: a frozen 'today' near year 1 or 9999 would push a
    # deadline past the calendar.
    low, high = SUPPORTED_DATES
    if not low <= day <= high:
        raise InvalidArgumentError(
            "clock",
            f"{day.isoformat()} is outside the supported dates",
            expected=f"a day in {low.isoformat()}..{high.isoformat()}",
        )
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime.combine(day, dt.time(12), AMSTERDAM).astimezone(dt.UTC)


def end_of_day_utc(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in Amsterdam, as UTC: 'known on day K' means up to this."""
    start_next = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), AMSTERDAM)
    return start_next.astimezone(dt.UTC) - dt.timedelta(microseconds=1)
