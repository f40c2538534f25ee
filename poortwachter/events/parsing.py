"""Reading events: strict validation at the edges, trusted construction from our own store.

Input from people and programs is validated against the discriminated union of every
registered event class, and a failure becomes one :class:`InvalidEventError` naming the field.
Rows the store wrote itself were validated when they were appended and are protected by the
hash chain, so reading them back skips validation (:func:`trusted_event`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidationError

from poortwachter.errors import InvalidEventError
from poortwachter.events.base import REGISTRY, EventBase

__all__ = [
    "MAX_EVENT_DEPTH",
    "event_adapter",
    "nested_deeper_than",
    "parse_event",
    "parse_events",
    "trusted_event",
]

#: The deepest nesting of objects and lists inside one event (a correction needs 2).
MAX_EVENT_DEPTH = 8
#: The largest whole number in an event (a JSON-safe integer; weeks and sequence numbers are
#: far smaller, and the schema's own bounds then apply).
MAX_EVENT_INT = 2**53
#: The longest text in an event (ids have at most 64 characters; codes fewer).
MAX_EVENT_TEXT = 1000


@functools.cache
def _adapter(count: int) -> TypeAdapter[Any]:
    classes = tuple(REGISTRY.values())
    union = Annotated[Union[classes], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007
    return TypeAdapter(union)


def event_adapter() -> TypeAdapter[Any]:
    """The pydantic adapter of the whole vocabulary (its JSON Schema documents the events)."""
    return _adapter(len(REGISTRY))


def _type_names(given: object) -> str:
    """The event types to choose from: all of them while the list is short, else a pointer
    to ``poortwachter events`` and the closest names (an error message stays one short line)."""
    names = sorted(REGISTRY)
    listed = ", ".join(names)
    if len(listed) <= 400:
        return "one of: " + listed
    close = difflib.get_close_matches(str(given), names, n=3) if given is not None else []
    hint = f"; closest: {', '.join(close)}" if close else ""
    return f"one of the {len(names)} event types (`poortwachter events` lists them){hint}"


def _describe_expected(err_type: str, ctx: Mapping[str, Any] | None) -> str | None:
    ctx = ctx or {}
    fixed = {
        "extra_forbidden": "no such field (events hold no free-form or medical data)",
        "missing": "this required field",
        "union_tag_invalid": _type_names(ctx.get("tag")),
        "union_tag_not_found": "a 'type' field naming the event, " + _type_names(None),
        "value_error": None,
    }
    if err_type in fixed:
        return fixed[err_type]
    if err_type.startswith("date"):
        return "an ISO date YYYY-MM-DD that exists in the calendar"
    if err_type in {"greater_than_equal", "less_than_equal"}:
        words = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}
        bounds = " and ".join(f"{words.get(k, k)} {v}" for k, v in ctx.items())
        return f"a whole number {bounds}"
    if err_type.startswith("int"):
        return "a whole number"
    if err_type.startswith("bool"):
        return "true or false"
    if err_type == "literal_error" and "expected" in ctx:
        return f"one of {ctx['expected']}"
    return err_type.replace("_", " ")


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests mappings and lists more than ``limit`` levels deep (checked
    iteratively, so no recursion limit is reached here)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children)
    return False


def _oversized(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The path and kind of the first number or text in ``data`` beyond the bounds."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((f"{path}.{key}".lstrip("."), value) for key, value in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((f"{path}[{i}]", value) for i, value in enumerate(item))
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_EVENT_INT:
            return path, f"a whole number of at most {MAX_EVENT_INT}"
        elif isinstance(item, str) and len(item) > MAX_EVENT_TEXT:
            return path, f"a text of at most {MAX_EVENT_TEXT} characters"
    return None


def _type_name(value: object) -> str | None:
    """The event's ``type`` for a message: a string, at most 60 characters, escaped."""
    if not isinstance(value, str):
        return None
    short = value if len(value) <= 60 else value[:60] + "..."
    return short if short.isascii() and short.isprintable() else ascii(short)


def parse_event(data: Any, *, index: int | None = None) -> EventBase:
    """Validate one raw event (a mapping) or raise :class:`InvalidEventError`."""
    if not isinstance(data, Mapping):
        raise InvalidEventError(
            f"is a {type(data).__name__}, not an object",
            index=index,
            expected='an object like {"type": "sick_reported", "effective": "2026-03-02"}',
        )
    if nested_deeper_than(data, MAX_EVENT_DEPTH):
        raise InvalidEventError(
            f"nested more than {MAX_EVENT_DEPTH} levels deep",
            index=index,
            event_type=_type_name(data.get("type")),
            expected="an event of the vocabulary ('poortwachter events' lists them)",
        )
    event_type = data.get("type")
    too_big = _oversized(data)
    if too_big is not None:
        raise InvalidEventError(
            "is too large",
            index=index,
            event_type=_type_name(event_type),
            field=too_big[0],
            expected=too_big[1],
        )
    try:
        event: EventBase = event_adapter().validate_python(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        # The discriminated union puts the tag first in loc; drop it to name the field.
        if loc and isinstance(event_type, str) and loc[0] == event_type:
            loc = loc[1:]
        field = ".".join(loc) or ("type" if first["type"].startswith("union_tag") else None)
        reason = first["msg"]
        if first["type"] == "union_tag_invalid":
            reason = f"unknown event type {ascii(event_type)[:60]}"
        elif first["type"] == "extra_forbidden":
            reason = "unknown field"
        elif first["type"] == "value_error":
            reason = reason.removeprefix("Value error, ")
        raise InvalidEventError(
            reason,
            index=index,
            event_type=_type_name(event_type),
            field=field,
            expected=_describe_expected(first["type"], first.get("ctx")),
        ) from None
    return event


def parse_events(raw: Iterable[Any]) -> list[EventBase]:
    """Validate a list of raw events, keeping their input order (index = position)."""
    return [parse_event(item, index=i) for i, item in enumerate(raw)]


def trusted_event(payload: Mapping[str, Any]) -> EventBase:
    """An event from a payload this store wrote (current schema), without validating it again.

    Dates are turned back into :class:`datetime.date`; everything else is JSON as stored.
    Only for rows read from our own store: anything from outside goes through
    :func:`parse_event`.
    """
    cls = REGISTRY[payload["type"]]
    if getattr(cls, "validate_on_read", False):  # nested parts and aware times: validate
        return cls.model_validate(payload)
    values = dict(payload)
    for name in cls.date_fields:
        value = values.get(name)
        if isinstance(value, str):
            values[name] = dt.date.fromisoformat(value)
    return cls.model_construct(**values)
