"""Pseudonymous ids only: no names, no burgerservicenummers (AVG; WVP practice).

The engine stores references from the organisation's own HR system, never who someone is.
Every id (case, employee, casemanager, actor) is 1-64 ASCII letters, digits or ``. _ - :``,
starting with a letter or digit (no spaces, which keeps names out; no control characters,
which keeps terminals safe). No id may hide a BSN: the 11-proef is run on every 8- or 9-digit
window of each run of digits (one extra digit, two BSNs in a row), on numbers written with
separators (``1234.56.782``, ``123-456-782``) and on all its digits taken together
(:func:`hides_bsn`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from poortwachter.errors import InvalidEventError, MedicalTermInIdError, phrase

__all__ = [
    "ID_FIELDS",
    "MAX_ID_LENGTH",
    "check_event_ids",
    "check_pseudonym",
    "hides_bsn",
    "is_bsn",
    "medical_term_in_id",
    "new_case_id",
    "redact_url_text",
]

#: The longest id accepted.
MAX_ID_LENGTH = 64
#: Event fields that hold an id (checked like every other id at the engine's boundary), at any
#: depth of the payload (a participant's ``ref``, a werkbalansgesprek's ``employee``).
ID_FIELDS = (
    "casemanager",
    "ref",
    "employee",
    "manager",
    "contact_id",
    "agreement_id",
    "cadence_id",
    "werkbalansgesprek_id",
)
#: How deep :func:`check_event_ids` looks into an event's parts (events nest at most 8 deep).
_ID_DEPTH = 8
#: The characters that join the words of an id: read as spaces when looking for terms.
_ID_JOINERS = str.maketrans("._:-", "    ")

_PSEUDONYM = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:-]{{0,{MAX_ID_LENGTH - 1}}}")
#: Digits joined by single separators, the ways a number is written: 1234.56.782, 123-456-782.
_DIGIT_GROUP = re.compile(r"[0-9]+(?:[ ._:/-][0-9]+)*")
_NOT_DIGIT = re.compile(r"[^0-9]")
_RUN = re.compile(r"[0-9]{8,}")
#: Letters without vowels (no words, no names) and without l (read as 1): generated ids hold no
#: digits at all, so no generated id can ever pass for a BSN.
_ID_ALPHABET = "bcdfghjkmnpqrstvwxz"


def is_bsn(digits: str) -> bool:
    """The 11-proef of a burgerservicenummer (8 digits get a leading zero)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _windows_pass(digits: str) -> bool:
    """Whether any 8- or 9-digit window of ``digits`` passes the 11-proef."""
    return any(
        is_bsn(digits[start : start + width])
        for width in (8, 9)
        for start in range(len(digits) - width + 1)
    )


def hides_bsn(value: str) -> bool:
    """Whether a BSN could hide in ``value``.

    Checked: every 8- or 9-digit window of each run of digits (so an extra digit or two numbers
    in a row do not hide one); a number written with separators (``1234.56.782``,
    ``123-456-782``, ``12345:6782``) when its digits are 8 or 9, and every window of it when it
    is written the way numbers are (dots and spaces only); and all digits of ``value`` together
    when they are 8 or 9. Ids like ``emp-2026-0001`` stay usable: dashes between groups of
    digits join them only when the groups together have the length of a BSN.
    """
    digits = _NOT_DIGIT.sub("", value)
    if len(digits) < 8:
        return False  # every check below needs 8 digits
    if is_bsn(digits):
        return True
    for match in _DIGIT_GROUP.finditer(value):
        group = match.group(0)
        digits = _NOT_DIGIT.sub("", group)
        if is_bsn(digits) or any(_windows_pass(run) for run in _RUN.findall(group)):
            return True
        if set(_NOT_DIGIT.findall(group)) <= {".", " "} and _windows_pass(digits):
            return True
    return False


def _shown(value: str) -> str:
    """``value`` for an error message: at most 40 characters, non-ASCII and control
    characters escaped (a lone surrogate cannot break the output)."""
    short = value if len(value) <= 40 else value[:40] + "..."
    return ascii(short)


def check_pseudonym(value: object, field: str) -> str:
    """``value`` stripped, or :class:`InvalidEventError` when it is no pseudonymous id."""
    if not isinstance(value, str):
        raise InvalidEventError(
            phrase("privacy.not_text", kind=type(value).__name__),
            field=field,
            expected=phrase("privacy.expected.ref"),
        )
    value = value.strip()
    if not _PSEUDONYM.fullmatch(value):
        raise InvalidEventError(
            phrase("privacy.not_a_pseudonym", value=_shown(value)),
            field=field,
            expected=phrase("privacy.expected.pattern", max=MAX_ID_LENGTH),
        )
    if hides_bsn(value):
        raise InvalidEventError(
            phrase("privacy.bsn"), field=field, expected=phrase("privacy.expected.no_bsn")
        )
    term = medical_term_in_id(value)
    if term is not None:
        raise MedicalTermInIdError(field, term)
    return value


def medical_term_in_id(value: str) -> str | None:
    """The first medical term of the term list in use that ``value`` names, its parts
    (``emp_kanker-1``) read as words; None when it names none. An id is a pseudonymous
    reference, never a place for what someone has."""
    from poortwachter.conversations.medical_terms import default_terms  # reads config once

    found = default_terms().find(value.translate(_ID_JOINERS).replace("_", " "))
    return found[0] if found else None


def check_event_ids(event: Mapping[str, Any], *, index: int | None = None) -> None:
    """Check the id fields of an event's payload at any depth (a correction's replacement, a
    contact's participants), naming the first wrong one by its path."""
    stack: list[tuple[str, object, int]] = [("", event, 0)]
    while stack:
        path, item, depth = stack.pop(0)
        if depth > _ID_DEPTH:
            continue
        if isinstance(item, BaseModel):  # a validated part (a participant): its fields
            item = dict(item)
        if isinstance(item, list | tuple):
            stack.extend((f"{path}[{i}]", part, depth + 1) for i, part in enumerate(item))
            continue
        if not isinstance(item, Mapping):
            continue
        for name, value in item.items():
            where = f"{path}.{name}" if path else str(name)
            if name in ID_FIELDS and (value is not None or name == "casemanager"):
                _check_id_of_event(event, value, where, index)
            elif isinstance(value, Mapping | list | tuple | BaseModel):
                stack.append((where, value, depth + 1))


def _check_id_of_event(
    event: Mapping[str, Any], value: object, field: str, index: int | None
) -> None:
    try:
        check_pseudonym(value, field)
    except MedicalTermInIdError as exc:
        raise MedicalTermInIdError(field, exc.term, event_type=str(event.get("type"))) from None
    except InvalidEventError as exc:
        raise InvalidEventError(
            exc.reason,
            index=index,
            event_type=str(event.get("type")),
            field=exc.field,
            expected=exc.expected,
        ) from None


_USERINFO = re.compile(r"(?<=://)[^/?#]*@")
_SECRET_QUERY = re.compile(r"((?:pass|secret|token|key|cred)[^=&]*=)[^&]*", re.IGNORECASE)


def redact_url_text(text: str) -> str:
    """A URL-like text with its user and password and secret-looking query values hidden,
    for messages about input that does not even parse as a URL."""
    return _SECRET_QUERY.sub(r"\1***", _USERINFO.sub("***@", text))


def new_case_id() -> str:
    """A random case id (about 59 bits) without any digit: it can never pass for a BSN."""
    return "case-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(14))
