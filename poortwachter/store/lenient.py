"""Reading stored rows that may have been damaged, one value at a time.

A normal query decodes every value in the driver layer: one row with malformed JSON or an
impossible date (SQLite stores both as text and checks neither) raises in the middle of a
stream and takes every later row with it. The integrity checks read through here instead: the
values come back raw and are decoded per column with the column type's own decoder, so a value
that cannot be decoded becomes a finding about that row, and the next row is read as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = ["RowDecoder", "UnreadableRow", "raw_columns"]


class UnreadableRow(ValueError):
    """A stored value that cannot be decoded: which column, and why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"column {column}: {reason}")
        self.column = column
        self.reason = reason


def raw_columns(columns: Sequence[sa.Column[Any]]) -> list[sa.ColumnElement[Any]]:
    """``columns`` selected without any decoding (same names)."""
    return [sa.type_coerce(column, sa.types.NullType()).label(column.name) for column in columns]


class RowDecoder:
    """Decodes raw rows of ``columns`` exactly as the typed query would, one column at a time."""

    def __init__(self, columns: Sequence[sa.Column[Any]], dialect: Dialect) -> None:
        self.names = tuple(column.name for column in columns)
        self._decoders: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]
        self._required = tuple(not column.nullable for column in columns)

    def decode(self, raw: Sequence[Any]) -> dict[str, Any]:
        """The row as ``{column: value}``; raises :class:`UnreadableRow` on the first bad value."""
        values: dict[str, Any] = {}
        for name, decoder, required, value in zip(
            self.names, self._decoders, self._required, raw, strict=True
        ):
            try:
                decoded = decoder(value) if decoder is not None and value is not None else value
            except Exception as exc:  # any decoder failure is a damaged value, never a crash
                raise UnreadableRow(name, _reason(exc)) from None
            if decoded is None and required:
                raise UnreadableRow(name, "empty, but a value is required")
            values[name] = decoded
        return values


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def expect_types(values: Mapping[str, Any], types: Mapping[str, type | tuple[type, ...]]) -> None:
    """Raise :class:`UnreadableRow` when a decoded value has the wrong Python type (SQLite keeps
    whatever was written: a number in a text column, a list where an object belongs)."""
    for name, expected in types.items():
        value = values.get(name)
        if value is not None and not isinstance(value, expected):
            raise UnreadableRow(name, f"holds a {type(value).__name__}, not the expected type")
