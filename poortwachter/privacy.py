"""Pseudonymous ids only: no names, no burgerservicenummers (AVG; WVP practice).

The engine stores references from the organisation's own HR system, never who someone is.
An id is 1-64 letters, digits or ``. _ - :`` (no spaces, which keeps names out), and no id may
hide a BSN: the 11-proef is run on its digits, also when they stand behind separators.
"""

from __future__ import annotations

import re

from poortwachter.errors import InvalidEventError

__all__ = ["check_pseudonym", "is_bsn"]

_PSEUDONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
_DIGITS = re.compile(r"\d")


def is_bsn(digits: str) -> bool:
    """The 11-proef of a burgerservicenummer (8 digits get a leading zero)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def check_pseudonym(value: object, field: str) -> str:
    """``value`` stripped, or :class:`InvalidEventError` when it is no pseudonymous id."""
    if not isinstance(value, str):
        raise InvalidEventError(
            f"is a {type(value).__name__}, not a string",
            field=field,
            expected="a pseudonymous reference such as 'emp-4711'",
        )
    value = value.strip()
    if not _PSEUDONYM.fullmatch(value):
        raise InvalidEventError(
            f"{value[:80]!r} is not a pseudonymous id",
            field=field,
            expected="1-64 letters, digits or . _ - : without spaces (e.g. 'emp-4711')",
        )
    digits = "".join(_DIGITS.findall(value))
    if len(digits) in (8, 9) and is_bsn(digits):
        raise InvalidEventError(
            f"{value!r} looks like a BSN; the engine stores pseudonymous references only",
            field=field,
            expected="a pseudonymous reference from your HR system (e.g. 'emp-4711')",
        )
    return value
