"""Text from data made safe to print: one line, no terminal control.

Used wherever a value a user gave ends up in a message — an error (:mod:`poortwachter.errors`)
or a command's output (:mod:`poortwachter.cli.output`) — so both escape the same characters
the same way.
"""

from __future__ import annotations

import unicodedata

__all__ = ["escape"]

_EXTRA_UNSAFE = {"Zl", "Zp"}  # line and paragraph separators end a line on some terminals


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "C" or category in _EXTRA_UNSAFE


def escape(value: str, *, keep: str = "") -> str:
    """``value`` with every control, format or separator character as a visible escape
    (``\\n``, ``\\x1b``, ``\\u202e``): nothing from user input can break a line or drive the
    terminal. Characters in ``keep`` stay as they are."""
    if value.isprintable():
        return value
    return "".join(_escape_char(c) if c not in keep and _unsafe(c) else c for c in value)
