"""Explanations and flags as data: a message key with its arguments, rendered when read.

A message is a plain tuple ``(key, *args)``; the arguments fill the key's template in
:data:`poortwachter.texts.MESSAGES` in the order in which its fields first appear. Keeping the
words out of the rules means a Dutch reader gets Dutch only and an English reader English only,
and a deadline costs nothing to explain until someone reads it.

Arguments are rendered per language: a date as ``ma 27-10-2025`` (nl) or ISO (en), a nested
message or :class:`Seq` recursively, a :class:`Both` by picking its language, anything else
with ``str``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from string import Formatter

from poortwachter.texts import MESSAGES, Language

__all__ = ["Both", "Msg", "Seq", "format_day", "render", "render_parts"]

#: ``(key, *args)``: a message key of :data:`MESSAGES` and its arguments in field order.
Msg = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Both:
    """A name that comes from data in both languages (e.g. a holiday)."""

    nl: str
    en: str


@dataclass(frozen=True, slots=True)
class Seq:
    """Several arguments (messages, dates, numbers) joined by ``sep``."""

    sep: str
    items: tuple[object, ...]


@functools.cache
def _fields(key: str) -> tuple[str, ...]:
    """Field names of ``key``'s templates, in order of first appearance (Dutch first)."""
    names: list[str] = []
    for template in MESSAGES[key]:
        for _, name, _, _ in Formatter().parse(template):
            if name and name not in names:
                names.append(name)
    return tuple(names)


@functools.cache
def _weekdays(language: Language) -> tuple[str, ...]:
    return tuple(MESSAGES["weekdays"][language == "en"].split())


def format_day(day: dt.date, language: Language) -> str:
    """A date inside a sentence: ``ma 27-10-2025`` in Dutch, ISO ``2025-10-27`` in English."""
    if language == "en":
        return day.isoformat()
    return f"{_weekdays('nl')[day.weekday()]} {day.day:02d}-{day.month:02d}-{day.year}"


def _arg(value: object, language: Language) -> str:
    if isinstance(value, dt.date):
        return format_day(value, language)
    if isinstance(value, tuple):
        return render(value, language)
    if isinstance(value, Seq):
        return value.sep.join(_arg(item, language) for item in value.items)
    if isinstance(value, Both):
        return value.en if language == "en" else value.nl
    return str(value)


def render(message: Msg, language: Language = "nl") -> str:
    """The text of one message in ``language``."""
    key = message[0]
    assert isinstance(key, str)
    template = MESSAGES[key][language == "en"]
    names = _fields(key)
    if not names:
        return template
    return template.format(
        **{name: _arg(value, language) for name, value in zip(names, message[1:], strict=True)}
    )


def render_parts(parts: tuple[Msg, ...], language: Language = "nl") -> str:
    """Messages that together make one explanation, joined by '; '."""
    return "; ".join(render(part, language) for part in parts)
