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

from poortwachter.errors import InvalidEventError, Phrase, phrase
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


def _type_names(given: object) -> Phrase:
    """The event types to choose from: all of them while the list is short, else a pointer
    to ``poortwachter events`` and the closest names (an error message stays one short line)."""
    names = sorted(REGISTRY)
    listed = ", ".join(names)
    if len(listed) <= 400:
        return phrase("parse.expected.one_of", choices=listed)
    close = difflib.get_close_matches(str(given), names, n=3) if given is not None else []
    if close:
        return phrase("parse.expected.type_close", count=len(names), close=", ".join(close))
    return phrase("parse.expected.type", count=len(names))


_BOUND_KEYS = {"ge": "at_least", "le": "at_most", "gt": "more_than", "lt": "less_than"}


def _choices(ctx: Mapping[str, Any]) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c": the same list in either language."""
    raw = str(ctx.get("expected", ""))
    return ", ".join(part.strip().strip("'") for part in raw.replace(" or ", ", ").split(","))


def _translate(err_type: str, ctx: Mapping[str, Any] | None) -> tuple[Phrase, Phrase | None]:
    """What pydantic found (``err_type`` with its context) as a reason and what was expected,
    each once and in words of poortwachter.texts (pydantic's own messages are English and
    repeat the expectation)."""
    ctx = ctx or {}
    if err_type == "missing":
        return phrase("parse.missing"), phrase("parse.expected.required")
    if err_type == "extra_forbidden":
        return phrase("parse.unknown_field"), phrase("parse.expected.no_such_field")
    if err_type == "union_tag_not_found":
        return phrase("parse.no_type"), phrase("parse.expected.type_field", types=_type_names(None))
    if err_type.startswith(("date", "datetime")):
        key = "parse.expected.instant" if err_type.startswith("datetime") else "parse.expected.date"
        return phrase("parse.bad_date"), phrase(key)
    bounds = [
        phrase(f"parse.bound.{_BOUND_KEYS[k]}", value=v) for k, v in ctx.items() if k in _BOUND_KEYS
    ]
    if bounds:
        joined = bounds[0] if len(bounds) == 1 else phrase("parse.and", a=bounds[0], b=bounds[1])
        return phrase("parse.out_of_range"), phrase("parse.expected.number_bounded", bounds=joined)
    if err_type.startswith("int"):
        return phrase("parse.not_a_number"), phrase("parse.expected.number")
    if err_type.startswith("bool"):
        return phrase("parse.not_a_boolean"), phrase("parse.expected.boolean")
    if err_type in {"literal_error", "enum"}:
        return phrase("parse.not_a_choice"), phrase("parse.expected.one_of", choices=_choices(ctx))
    if err_type in {"too_short", "string_too_short"}:
        low = ctx.get("min_length", 1)
        key = "parse.expected.items" if err_type == "too_short" else "parse.expected.chars"
        return phrase("parse.too_short"), phrase(key, low=low)
    if err_type in {"too_long", "string_too_long"}:
        high = ctx.get("max_length", "?")
        key = "parse.expected.items_max" if err_type == "too_long" else "parse.expected.chars_max"
        return phrase("parse.too_long"), phrase(key, high=high)
    if err_type == "string_pattern_mismatch":
        return phrase("parse.pattern"), phrase("parse.expected.pattern", pattern=ctx.get("pattern"))
    if err_type.startswith(("string", "str")):
        return phrase("parse.not_text"), phrase("parse.expected.text")
    if err_type.startswith(("list", "tuple")):
        return phrase("parse.not_a_list"), phrase("parse.expected.list")
    if err_type.startswith(("model", "dict")):
        return phrase("parse.not_an_object"), phrase("parse.expected.object")
    return phrase("parse.invalid", kind=err_type.replace("_", " ")), None


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


def _oversized(data: Mapping[str, Any]) -> tuple[str, Phrase] | None:
    """The path and kind of the first number or text in ``data`` beyond the bounds."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((f"{path}.{key}".lstrip("."), value) for key, value in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((f"{path}[{i}]", value) for i, value in enumerate(item))
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_EVENT_INT:
            return path, phrase("parse.expected.number_max", high=MAX_EVENT_INT)
        elif isinstance(item, str) and len(item) > MAX_EVENT_TEXT:
            return path, phrase("parse.expected.chars_max", high=MAX_EVENT_TEXT)
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
            phrase("parse.not_an_event", kind=type(data).__name__),
            index=index,
            expected=phrase("parse.expected.event"),
        )
    if nested_deeper_than(data, MAX_EVENT_DEPTH):
        raise InvalidEventError(
            phrase("parse.too_deep", depth=MAX_EVENT_DEPTH),
            index=index,
            event_type=_type_name(data.get("type")),
            expected=phrase("parse.expected.vocabulary"),
        )
    event_type = data.get("type")
    too_big = _oversized(data)
    if too_big is not None:
        raise InvalidEventError(
            phrase("parse.too_large"),
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
        reason: str | Phrase
        expected: Phrase | None
        if first["type"] == "union_tag_invalid":
            reason = phrase("parse.unknown_type", type=ascii(event_type)[:60])
            expected = _type_names(first.get("ctx", {}).get("tag"))
        elif first["type"] == "value_error":  # an event's own check: its words, as it said them
            reason, expected = first["msg"].removeprefix("Value error, "), None
        else:
            reason, expected = _translate(first["type"], first.get("ctx"))
        raise InvalidEventError(
            reason,
            index=index,
            event_type=_type_name(event_type),
            field=field,
            expected=expected,
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
