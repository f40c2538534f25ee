"""Typed checks of what a caller hands the Engine: one :class:`InvalidArgumentError` per wrong
argument, naming the parameter, before anything is read or written.

Python does not check annotations at run time, so without these a ``None``, a string for a
date, a naive datetime or a huge integer travels down into the rules or the database driver
and comes back as an AttributeError, a TypeError or an SQLAlchemy error. Each public Engine
method calls one function here first; the checks are cheap (no I/O).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from poortwachter.clock import Clock
from poortwachter.errors import InvalidArgumentError, InvalidDatabaseError, InvalidEventError
from poortwachter.events import EventBase, parse_event
from poortwachter.events.base import SUPPORTED_DATES
from poortwachter.privacy import check_event_ids, check_pseudonym
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.texts import Language

__all__ = [
    "MAX_EVENTS",
    "MAX_LIMIT",
    "MAX_URL_LENGTH",
    "MAX_VERSION",
    "collaborators",
    "count",
    "day",
    "events",
    "flag",
    "language",
    "listing",
    "opening",
    "optional_count",
    "optional_day",
    "optional_ref",
    "ref",
    "url",
    "writing",
]

#: The most events one call may append (a year of a case is a few dozen).
MAX_EVENTS = 10_000
#: The largest ``limit`` of a listing.
MAX_LIMIT = 1_000_000
#: The largest version number a case can reach (a 32-bit column on every backend).
MAX_VERSION = 2**31 - 1
#: The longest database URL accepted.
MAX_URL_LENGTH = 4096


def ref(value: object, field: str) -> str:
    """A pseudonymous id (see :mod:`poortwachter.privacy`), stripped."""
    try:
        return check_pseudonym(value, field)
    except InvalidEventError as exc:
        raise InvalidArgumentError(field, exc.reason, expected=exc.expected) from None


def optional_ref(value: object, field: str) -> str | None:
    """``None`` (not given) or a pseudonymous id; an empty string is not 'not given'."""
    return None if value is None else ref(value, field)


def day(value: object, field: str) -> dt.date:
    """A calendar date (not a datetime, not a string) in the supported range."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        kind = "datetime" if isinstance(value, dt.datetime) else type(value).__name__
        raise InvalidArgumentError(
            field, f"is a {kind}", expected="a datetime.date, e.g. date(2026, 3, 2)"
        )
    low, high = SUPPORTED_DATES
    if not low <= value <= high:
        raise InvalidArgumentError(
            field,
            f"{value.isoformat()} is outside the supported dates",
            expected=f"a date in {low.isoformat()}..{high.isoformat()}",
        )
    return value


def optional_day(value: object, field: str) -> dt.date | None:
    return None if value is None else day(value, field)


def count(value: object, field: str, low: int, high: int) -> int:
    """A whole number (not a bool, a float or a string) in ``low..high``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgumentError(
            field, f"is a {type(value).__name__}", expected=f"a whole number {low}..{high}"
        )
    if not low <= value <= high:
        shown = str(value) if abs(value) < 10**12 else ("-" if value < 0 else "") + "a huge number"
        raise InvalidArgumentError(
            field, f"{shown} is out of range", expected=f"a whole number {low}..{high}"
        )
    return value


def optional_count(value: object, field: str, low: int, high: int) -> int | None:
    return None if value is None else count(value, field, low, high)


def flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgumentError(field, f"is a {type(value).__name__}", expected="True or False")
    return value


def language(value: object) -> Language:
    if value == "nl" and isinstance(value, str):
        return "nl"
    if value == "en" and isinstance(value, str):
        return "en"
    raise InvalidArgumentError("language", "is not a supported language", expected="'nl' or 'en'")


def url(value: object) -> str:
    """A database URL as text: non-empty, bounded, printable (the driver judges the rest)."""
    if not isinstance(value, str):
        raise InvalidArgumentError(
            "url", f"is a {type(value).__name__}", expected="a database URL as a string"
        )
    if not value.strip() or len(value) > MAX_URL_LENGTH or not value.isprintable():
        raise InvalidArgumentError(
            "url",
            "is empty, too long or holds control or invalid characters",
            expected=f"a database URL of at most {MAX_URL_LENGTH} characters, e.g. "
            "sqlite:///poortwachter.db",
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgumentError(
            "url", "is not valid Unicode text", expected="a database URL"
        ) from None
    import sqlalchemy as sa

    from poortwachter.store.connection import redacted

    try:
        sa.make_url(value)
    except (sa.exc.ArgumentError, ValueError):
        raise InvalidDatabaseError(redacted(value), "not a database URL or file path") from None
    return value


def collaborators(clock: object, params: object, options: object, store: object = Ellipsis) -> None:
    """The Engine's collaborators are of the right kind: ``store`` (when passed) always, the
    optional ones when given."""
    from poortwachter.store import EventStore

    if store is not Ellipsis and not isinstance(store, EventStore):
        raise InvalidArgumentError(
            "store",
            f"is a {type(store).__name__}",
            expected="an EventStore (or open the engine with Engine.open(url))",
        )
    for field, value, kind, expected in (
        ("clock", clock, Clock, "a poortwachter.Clock (SystemClock or FrozenClock)"),
        ("params", params, ParameterSet, "a ParameterSet (default_parameters())"),
        ("options", options, RuleOptions, "a RuleOptions"),
    ):
        if value is not None and not isinstance(value, kind):
            raise InvalidArgumentError(field, f"is a {type(value).__name__}", expected=expected)


def _one_event(event: object, index: int) -> EventBase:
    """Every event is validated from its serialised form, whatever object the caller passed:
    a subclass with an extra field or an object built without validation is refused."""
    payload: object = event
    if isinstance(event, EventBase):
        try:
            payload = event.model_dump(mode="json", warnings=False)
        except Exception as exc:
            raise InvalidEventError(
                f"cannot be serialised ({type(exc).__name__})",
                index=index,
                event_type=getattr(event, "type", None),
                expected="an event of the poortwachter vocabulary, built by validation",
            ) from None
    try:
        parsed = parse_event(payload)
        check_event_ids(dict(parsed))  # the fields as validated (a shallow view, no dump)
    except InvalidEventError as exc:
        raise InvalidEventError(
            exc.reason,
            index=index,
            event_type=exc.event_type,
            field=exc.field,
            expected=exc.expected,
        ) from None
    return parsed


def events(value: object) -> list[EventBase]:
    """A list (or tuple) of at most :data:`MAX_EVENTS` events, each validated."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise InvalidArgumentError(
            "events",
            f"is a {type(value).__name__}",
            expected="a list of events (objects or poortwachter event classes)",
        )
    if len(value) > MAX_EVENTS:
        raise InvalidArgumentError(
            "events",
            f"holds {len(value)} events",
            expected=f"at most {MAX_EVENTS} events per call",
        )
    items: Sequence[Any] = value
    return [_one_event(event, index) for index, event in enumerate(items)]


def opening(
    employee_ref: object,
    first_sick_day: object,
    casemanager: object,
    actor: object,
    case_id: object,
) -> tuple[str, dt.date, str | None, str, str | None]:
    """The arguments of :meth:`Engine.open_case`."""
    return (
        ref(employee_ref, "employee_ref"),
        day(first_sick_day, "first_sick_day"),
        optional_ref(casemanager, "casemanager"),
        ref(actor, "actor"),
        optional_ref(case_id, "case_id"),
    )


def writing(
    case_id: object, actor: object, expected_version: object
) -> tuple[str, str, int | None]:
    """The arguments every append shares: the case, who records, the version expected."""
    return (
        ref(case_id, "case_id"),
        ref(actor, "actor"),
        optional_count(expected_version, "expected_version", 0, MAX_VERSION),
    )


def listing(
    casemanager: object, start: object, end: object, limit: object, language_: object
) -> tuple[str | None, dt.date | None, dt.date | None, int | None, Language]:
    """The arguments of a listing such as :meth:`Engine.agenda`."""
    return (
        optional_ref(casemanager, "casemanager"),
        optional_day(start, "start"),
        optional_day(end, "end"),
        optional_count(limit, "limit", 1, MAX_LIMIT),
        language(language_),
    )
