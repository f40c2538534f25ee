"""The shape every event shares, and the metadata each event class carries about itself.

An event is a fact about one case with the date it took effect in law (``effective``). Who
recorded it and when (``recorded_at``) is the store's envelope, not part of the fact.

Each class says, next to its fields, everything the rest of the engine needs to know about it:
its name for people (``labels``), its place among events of the same day (``day_rank``), the
family it belongs to and so the guard that judges it (``family``), and the legal moment it
completes (``completes``). Adding an event type is therefore one class in a family module: the
registry, the discriminated union, the canonical order and the labels all follow from it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

__all__ = ["REGISTRY", "EventBase", "IsoDate", "iso_date"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: object) -> object:
    """Accept a date or a 'YYYY-MM-DD' string only: no timestamps, no numbers, no times."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time of day is expected (YYYY-MM-DD)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic then checks that the day exists
    raise ValueError(f"{value!r} is not an ISO date; expected YYYY-MM-DD, e.g. 2026-03-02")


#: The dates the engine works with: a sickness case's dates, and 15 years of deadlines after.
SUPPORTED_DATES = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def in_supported_range(value: dt.date) -> dt.date:
    """Refuse dates no sickness case can have (and whose deadlines would overflow)."""
    low, high = SUPPORTED_DATES
    if not low <= value <= high:
        raise ValueError(
            f"{value.isoformat()} is outside the supported dates "
            f"{low.isoformat()}..{high.isoformat()}"
        )
    return value


#: A calendar date, given as an ISO string in JSON (never a number or a timestamp).
IsoDate = Annotated[dt.date, BeforeValidator(iso_date), AfterValidator(in_supported_range)]

#: Event type name -> class, filled as the family modules define their classes.
REGISTRY: dict[str, type[EventBase]] = {}


class EventBase(BaseModel):
    """Common shape: a stable ``type`` name and the ``effective`` date in law."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    #: Bumped when a type's payload changes shape; old payloads are upcast on read.
    schema_version: ClassVar[int] = 1
    #: The event's name for people: (Dutch, English).
    labels: ClassVar[tuple[str, str]] = ("", "")
    #: Order among events of the same effective day (lower first), following the process: a
    #: sick report opens the day, the analysis precedes the plan, a recovery or closing ends it.
    day_rank: ClassVar[int] = 0
    #: The family, which names the guard that judges the event ("sickness", "record", ...).
    family: ClassVar[str] = ""
    #: The legal moment (a DeadlineKind value) this event marks as done, if any.
    completes: ClassVar[str | None] = None
    #: Names of the fields holding dates (read back from storage without validation).
    date_fields: ClassVar[tuple[str, ...]] = ("effective",)

    type: str
    effective: IsoDate = Field(description="The date the fact took effect (ISO YYYY-MM-DD).")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        field = cls.model_fields.get("type")
        name = field.default if field is not None else None
        if not isinstance(name, str) or not name or cls.__name__.startswith("_"):
            return  # an abstract helper class, not a vocabulary entry
        if name in REGISTRY and REGISTRY[name] is not cls:
            raise TypeError(f"event type {name!r} is defined twice")
        if not cls.family or not all(cls.labels):
            return  # not part of the vocabulary: parsing and the store refuse it
        cls.date_fields = tuple(
            n for n, f in cls.model_fields.items() if f.annotation in (dt.date, dt.date | None)
        )
        REGISTRY[name] = cls

    def payload(self) -> dict[str, Any]:
        """JSON-ready dict of the event, the canonical form stored and hashed."""
        return self.model_dump(mode="json")

    def label(self, language: str = "nl") -> str:
        """The event's name for people ('nl' default, or 'en')."""
        return self.labels[1] if language == "en" else self.labels[0]
