"""Reading a case file: ``{"case_id": "...", "events": [...], "options": {...}}`` as JSON.

The CLI's input format. Every problem becomes one typed error that names the file, the event's
index and type, the field and what was expected, so a user can fix the file without a traceback.

Input is read defensively: at most :data:`MAX_BYTES` bytes (``/dev/zero`` is refused, not
read forever), nested at most :data:`MAX_DEPTH` levels, and a key given twice in one object is
refused instead of silently keeping the last value.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from pydantic import ValidationError

from poortwachter.errors import InvalidCaseFileError, InvalidEventError
from poortwachter.events import Event, EventCorrected, parse_events
from poortwachter.events.parsing import nested_deeper_than
from poortwachter.privacy import check_event_ids, check_pseudonym
from poortwachter.rules.options import RuleOptions

__all__ = ["MAX_BYTES", "MAX_DEPTH", "CaseFile", "load_case_file", "parse_case", "read_json"]

_KEYS = {"case_id", "events", "options"}

#: The largest input read (bytes). A year of events is a few kilobytes.
MAX_BYTES = 4 * 1024 * 1024
#: The deepest nesting of objects and lists accepted (an event correction needs 5).
MAX_DEPTH = 32


@dataclass(frozen=True)
class CaseFile:
    """A parsed case file."""

    case_id: str
    events: list[Event]
    options: RuleOptions
    source: str


def _refuse_corrections(events: list[Event], source: str) -> None:
    for index, event in enumerate(events):
        if isinstance(event, EventCorrected):
            raise InvalidEventError(
                "a case file cannot hold corrections: it has no stored sequence numbers "
                "to point at",
                index=index,
                event_type=event.type,
                source=source,
                expected="the event as it should be (edit the file), or record the "
                "correction with 'poortwachter case record'",
            )


def _options(data: Mapping[str, Any], source: str) -> RuleOptions:
    raw = data.get("options", {})
    if not isinstance(raw, Mapping):
        raise InvalidCaseFileError(
            source,
            f"'options' is a JSON {_json_kind(raw)}, not an object",
            hint='expected e.g. "options": {"week_convention": "end_of_week"}',
        )
    try:
        return RuleOptions.model_validate(dict(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise InvalidCaseFileError(source, f"options.{key}: {first['msg']}") from None


def parse_case(data: Any, source: str) -> CaseFile:
    """Validate already-decoded JSON ``data`` from ``source``."""
    if not isinstance(data, Mapping):
        raise InvalidCaseFileError(
            source,
            f"the top level is a JSON {_json_kind(data)}, not an object",
            hint='expected {"case_id": "...", "events": [...]}',
        )
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InvalidCaseFileError(
            source,
            f"unknown key(s) {', '.join(repr(k) for k in unknown)}",
            hint="allowed: case_id, events, options",
        )
    case_id = data.get("case_id")
    if not isinstance(case_id, str) or not case_id.strip():
        raise InvalidCaseFileError(source, "'case_id' is missing or not a non-empty string")
    try:
        case_id = check_pseudonym(case_id, "case_id")
    except InvalidEventError as exc:
        raise exc.located(source) from None
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise InvalidCaseFileError(
            source,
            "'events' is missing or not a list",
            hint='expected "events": [{"type": "sick_reported", "effective": "2026-03-02"}]',
        )
    try:
        events = parse_events(raw_events)
        for index, event in enumerate(events):
            check_event_ids(event.payload(), index=index)
    except InvalidEventError as exc:
        raise exc.located(source) from None
    _refuse_corrections(events, source)
    return CaseFile(case_id, events, _options(data, source), source)


def _json_kind(value: object) -> str:
    kinds = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook``: an object that names a key twice is refused."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def decode_json(text: str, source: str) -> Any:
    """Strict JSON: no duplicate keys, no NaN/Infinity, bounded nesting. Every problem is an
    :class:`InvalidCaseFileError` naming ``source``."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InvalidCaseFileError(
            source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except _DuplicateKeyError as exc:
        raise InvalidCaseFileError(
            source,
            f"key {exc.key!r} appears twice in one object",
            hint="each key once; a second value would silently replace the first",
        ) from None
    except RecursionError:
        raise _too_deep(source) from None
    except ValueError as exc:  # NaN/Infinity, or an integer with thousands of digits
        raise InvalidCaseFileError(source, f"invalid JSON: {exc}") from None
    if nested_deeper_than(data, MAX_DEPTH):
        raise _too_deep(source)
    return data


def _too_deep(source: str) -> InvalidCaseFileError:
    return InvalidCaseFileError(
        source, f"JSON nested more than {MAX_DEPTH} levels deep", hint="not a case file or event"
    )


def _read_bounded(path: str, stdin: TextIO | None) -> str:
    """The text of ``path`` (``-``: standard input), at most :data:`MAX_BYTES` bytes."""
    if path == "-" and stdin is not None:
        text = stdin.read(MAX_BYTES + 1)
        if len(text) > MAX_BYTES:
            raise _too_large("<stdin>")
        return text
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _too_large("<stdin>" if path == "-" else path)
    return raw.decode("utf-8")


def _too_large(source: str) -> InvalidCaseFileError:
    return InvalidCaseFileError(
        source,
        f"larger than {MAX_BYTES // (1024 * 1024)} MiB",
        hint="a case file or event list is a few kilobytes; is this the right file?",
    )


def read_json(path: str, *, stdin: TextIO | None = None, inline: bool = False) -> tuple[Any, str]:
    """Decoded JSON and a name for it, from a file, ``-`` (stdin) or, with ``inline``, the text
    itself when it starts like JSON. Every problem is an :class:`InvalidCaseFileError`."""
    if inline and path.lstrip().startswith(("{", "[")):
        text, source = path, "JSON argument"
        if len(text) > MAX_BYTES:
            raise _too_large(source)
    else:
        source = "<stdin>" if path == "-" else path
        if not path:
            raise InvalidCaseFileError("''", "is empty, not a file name", hint="'-' reads stdin")
        try:
            text = _read_bounded(path, stdin)
        except InvalidCaseFileError:
            raise
        except FileNotFoundError:
            raise InvalidCaseFileError(source, "no such file") from None
        except IsADirectoryError:
            raise InvalidCaseFileError(source, "is a directory, not a JSON file") from None
        except UnicodeDecodeError as exc:
            raise InvalidCaseFileError(
                source, f"is not UTF-8 text (byte {exc.start}: {exc.reason})"
            ) from None
        except OSError as exc:
            raise InvalidCaseFileError(source, f"cannot be read: {exc.strerror}") from None
        except ValueError as exc:  # e.g. a NUL byte in the file name
            raise InvalidCaseFileError(source, f"cannot be read: {exc}") from None
    return decode_json(text, source), source


def load_case_file(path: str, *, stdin: TextIO | None = None) -> CaseFile:
    """Read and validate a case file; ``-`` reads standard input."""
    data, source = read_json(path, stdin=stdin)
    return parse_case(data, source)
