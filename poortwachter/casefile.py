"""Reading a case file: ``{"case_id": "...", "events": [...], "options": {...}}`` as JSON.

The CLI's input format. Every problem becomes one typed error that names the file, the event's
index and type, the field and what was expected, so a user can fix the file without a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from poortwachter.errors import InvalidCaseFileError, InvalidEventError
from poortwachter.events import Event, parse_events
from poortwachter.rules.options import RuleOptions

__all__ = ["CaseFile", "load_case_file", "parse_case", "read_json"]

_KEYS = {"case_id", "events", "options"}


@dataclass(frozen=True)
class CaseFile:
    """A parsed case file."""

    case_id: str
    events: list[Event]
    options: RuleOptions
    source: str


def parse_case(data: Any, source: str) -> CaseFile:
    """Validate already-decoded JSON ``data`` from ``source``."""
    if not isinstance(data, Mapping):
        raise InvalidCaseFileError(
            source,
            f"the top level is a JSON {type(data).__name__}, not an object",
            hint='expected {"case_id": "...", "events": [...]}',
        )
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InvalidCaseFileError(
            source,
            f"unknown key(s) {', '.join(unknown)}",
            hint="allowed: case_id, events, options",
        )
    case_id = data.get("case_id")
    if not isinstance(case_id, str) or not case_id.strip():
        raise InvalidCaseFileError(source, "'case_id' is missing or not a non-empty string")
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise InvalidCaseFileError(
            source,
            "'events' is missing or not a list",
            hint='expected "events": [{"type": "sick_reported", "effective": "2026-03-02"}]',
        )
    try:
        events = parse_events(raw_events)
    except InvalidEventError as exc:
        raise exc.located(source) from None
    try:
        options = RuleOptions.model_validate(data.get("options") or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise InvalidCaseFileError(source, f"options.{key}: {first['msg']}") from None
    return CaseFile(case_id.strip(), events, options, source)


def read_json(path: str, *, stdin: TextIO | None = None, inline: bool = False) -> tuple[Any, str]:
    """Decoded JSON and a name for it, from a file, ``-`` (stdin) or, with ``inline``, the text
    itself when it starts like JSON. Every problem is an :class:`InvalidCaseFileError`."""
    if inline and path.lstrip().startswith(("{", "[")):
        text, source = path, "JSON argument"
    else:
        source = "<stdin>" if path == "-" else path
        try:
            text = (stdin or sys.stdin).read() if path == "-" else Path(path).read_text("utf-8")
        except FileNotFoundError:
            raise InvalidCaseFileError(source, "no such file") from None
        except IsADirectoryError:
            raise InvalidCaseFileError(source, "is a directory, not a JSON file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidCaseFileError(source, f"cannot be read: {exc}") from None
    try:
        return json.loads(text), source
    except json.JSONDecodeError as exc:
        raise InvalidCaseFileError(
            source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def load_case_file(path: str, *, stdin: TextIO | None = None) -> CaseFile:
    """Read and validate a case file; ``-`` reads standard input."""
    data, source = read_json(path, stdin=stdin)
    return parse_case(data, source)
